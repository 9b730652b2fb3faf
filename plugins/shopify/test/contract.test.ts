import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

t.test('the Shopify source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['customers', 'orders'],
    badConfig: { config: { shop: 'acme' }, message: /accessToken/ },
    start: async () => {
      const emu = await startEmulator({ restoreRate: 100_000 });
      const config = { shop: 'contract-shop', baseUrl: emu.url, accessToken: emu.credentials.accessToken };
      return {
        config,
        badCredentials: { ...config, accessToken: `test-token-${randomUUID()}` },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate({ orders: 8, customers: 5 });
        },
        expected: async (stream) => {
          const records = stream === 'orders' ? emu.store.orders : emu.store.customers;
          const type = stream === 'orders' ? 'Order' : 'Customer';
          return new Map(records.map((r) => [`gid://shopify/${type}/${r.id}`, { cursor: iso(r.updatedAt), record: { id: `gid://shopify/${type}/${r.id}` } }]));
        },
      };
    },
  }),
);

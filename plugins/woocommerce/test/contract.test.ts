import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { iso } from './helpers/woo.js';

t.test('the WooCommerce source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'customers', 'refunds'],
    badConfig: { config: { storeUrl: 'https://shop.example.com', consumerKey: 'ck_x' }, message: /consumerSecret/ },
    start: async () => {
      const emu = await startEmulator({ orders: 50, customers: 15 });
      const config = { storeUrl: emu.url, consumerKey: emu.credentials.consumerKey, consumerSecret: emu.credentials.consumerSecret, lagSeconds: 0, pageSize: 20 };
      return {
        config,
        badCredentials: { ...config, consumerSecret: 'cs_not_the_right_secret' },
        close: () => emu.close(),
        mutate: async () => {
          await emu.mutate({ orders: 6, customers: 3 });
        },
        expected: async (stream) => {
          if (stream === 'orders') return new Map(emu.store.orders.map((o) => [String(o.id), { cursor: iso(o.modifiedMs), record: { id: String(o.id) } }]));
          if (stream === 'customers') return new Map(emu.store.customers.map((c) => [String(c.id), { cursor: iso(c.modifiedMs), record: { id: String(c.id) } }]));
          return new Map(emu.store.refunds().map((r) => [String(r.id), { cursor: iso(r.createdMs), record: { id: String(r.id) } }]));
        },
      };
    },
  }),
);

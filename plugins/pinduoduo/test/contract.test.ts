import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { configFor, isoBeijing } from './helpers/pdd.js';

t.test('the Pinduoduo source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'refunds'],
    badConfig: { config: { clientSecret: 'secret-value', accessToken: 'token-value' }, message: /clientId/ },
    start: async () => {
      const emu = await startEmulator({ orders: 60, days: 0.25 });
      const config = configFor(emu);
      return {
        config,
        badCredentials: { ...config, accessToken: 'at-not-issued-by-this-mall' },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate(8);
        },
        expected: async (stream) =>
          stream === 'orders'
            ? new Map(emu.store.orders.map((o) => [o.orderSn, { cursor: isoBeijing(o.updatedAt), record: { order_sn: o.orderSn } }]))
            : new Map(emu.store.refunds.map((r) => [String(r.id), { cursor: isoBeijing(r.updatedAt), record: { id: String(r.id) } }])),
      };
    },
  }),
);

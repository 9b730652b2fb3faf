import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { isoChina } from './helpers/youzan.js';

t.test('the Youzan source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'refunds', 'customers'],
    badConfig: { config: { clientId: 'abc', clientSecret: 'xyz' }, message: /grantId/ },
    start: async () => {
      const emu = await startEmulator({ orders: 40 });
      const { clientId, clientSecret, grantId } = emu.credentials;
      const config = { clientId, clientSecret, grantId, baseUrl: emu.url, startDate: new Date(emu.kit.now() - 70 * 86_400_000).toISOString(), windowHours: 720, lagSeconds: 0 };
      return {
        config,
        badCredentials: { ...config, clientSecret: 'not-the-secret-0000' },
        close: () => emu.close(),
        mutate: async () => {
          await emu.mutate({ orders: 6, customers: 3, refunds: 3 });
        },
        expected: async (stream) => {
          if (stream === 'orders') return new Map(emu.store.orders.map((o) => [o.tid, { cursor: isoChina(o.updatedAt), record: { tid: o.tid } }]));
          if (stream === 'refunds') return new Map(emu.store.refunds.map((r) => [r.refundId, { cursor: isoChina(r.updatedAt), record: { refund_id: r.refundId } }]));
          return new Map(emu.store.customers.map((c) => [c.yzOpenId, { cursor: isoChina(c.createdAt), record: { yz_open_id: c.yzOpenId } }]));
        },
      };
    },
  }),
);

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';

const china = (s: number) => `${new Date(s * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

t.test('the Douyin source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'after_sales'],
    badConfig: { config: { appKey: 'k', appSecret: 's' }, message: /accessToken/ },
    start: async () => {
      const emu = await startEmulator({ orders: 60 });
      const { appKey, appSecret, accessToken, refreshToken } = emu.credentials;
      const config = { appKey, appSecret, accessToken, refreshToken, baseUrl: emu.url, startDate: new Date(Date.now() - 8 * 86_400_000).toISOString(), lagSeconds: 0 };
      return {
        config,
        badCredentials: { ...config, accessToken: `emu-at-${randomUUID()}`, refreshToken: `emu-rt-${randomUUID()}` },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate({ orders: 8, afterSales: 4 });
        },
        expected: async (stream) =>
          stream === 'orders'
            ? new Map(emu.store.orders.map((o) => [o.order_id, { cursor: china(o.update_time), record: { order_id: o.order_id } }]))
            : new Map(emu.store.afterSales.map((s) => [s.aftersale_id, { cursor: china(s.update_time), record: { aftersale_id: s.aftersale_id } }])),
      };
    },
  }),
);

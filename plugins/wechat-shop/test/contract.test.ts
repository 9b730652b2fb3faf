import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { SKEWED } from './helpers/wechat.js';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const packageDir = fileURLToPath(new URL('..', import.meta.url));

for (const api of ['channels', 'minishop'] as const) {
  t.test(`the WeChat shop source (${api}) passes the SDK source contract`, (t) =>
    sourceContract(t, {
      packageDir,
      plugin,
      streams: api === 'channels' ? ['orders', 'aftersales'] : ['orders'],
      badConfig: { config: { appSecret: 'x' }, message: /appId/ },
      start: async () => {
        const emu = await startEmulator({ ...SKEWED, api, orders: 40 });
        const config = { api, appId: emu.credentials.appId, appSecret: emu.credentials.appSecret, baseUrl: emu.url };
        return {
          config,
          badCredentials: { ...config, appSecret: `wrong-${randomUUID()}` },
          close: () => emu.close(),
          mutate: async () => {
            emu.store.mutate({ orders: 8, aftersales: 4 });
          },
          expected: async (stream) =>
            stream === 'orders'
              ? new Map(emu.store.orders.map((o) => [o.orderId, { cursor: iso(o.updateTime), record: { order_id: o.orderId } }]))
              : new Map(emu.store.aftersales.map((a) => [a.id, { cursor: iso(a.updateTime), record: { after_sale_order_id: a.id } }])),
        };
      },
    }),
  );
}

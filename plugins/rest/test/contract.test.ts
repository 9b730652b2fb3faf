import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { configFor } from './helpers/rest.js';

const statusMap = JSON.parse(await readFile(new URL('./fixtures/own-store-status-map.json', import.meta.url), 'utf8')) as unknown;
const iso = (text: string) => new Date(Date.parse(text)).toISOString();

t.test('the REST source, configured for the own store, passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'members'],
    badConfig: { config: { baseUrl: 'https://shop.example.com', streams: [{ name: 'orders', key: ['id'] }] }, message: /missing required field "path"/ },
    start: async () => {
      const emu = await startEmulator({ orders: 40, members: 20, auth: 'bearer', pagination: { orders: 'page', members: 'cursor' } });
      const config = configFor(emu, { size: 10 }) as { streams: Record<string, unknown>[]; auth: Record<string, unknown> };
      config.streams[0] = { ...config.streams[0], statusMap };
      return {
        config,
        badCredentials: { ...config, auth: { type: 'bearer', token: 'not-the-store-token' } },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate({ orders: 6, members: 4, newOrders: 2 });
        },
        expected: async (stream) => stream === 'orders'
          ? new Map(emu.store.orders.map((o) => [o.order_no, { cursor: iso(o.modified_at), record: { order_no: o.order_no } }]))
          : new Map(emu.store.members.map((m) => [m.member_id, { cursor: iso(m.modified_at), record: { member_id: m.member_id } }])),
      };
    },
  }),
);

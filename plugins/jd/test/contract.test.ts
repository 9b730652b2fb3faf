import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { configFor, expectedRefundVersions, expectedVersions } from './helpers/jd.js';

t.test('the JD source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'refunds'],
    badConfig: { config: { appKey: 'k', appSecret: 's' }, message: /accessToken/ },
    start: async () => {
      const emu = await startEmulator({ orders: 40 });
      const config = configFor(emu);
      return {
        config,
        badCredentials: { ...config, accessToken: `test-token-${randomUUID()}` },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate(8, 2);
        },
        expected: async (stream) =>
          stream === 'orders'
            ? new Map([...expectedVersions(emu)].map(([id, cursor]) => [id, { cursor, record: { order_id: id } }]))
            : new Map([...expectedRefundVersions(emu)].map(([id, cursor]) => [id, { cursor, record: { refund_id: id } }])),
      };
    },
  }),
);

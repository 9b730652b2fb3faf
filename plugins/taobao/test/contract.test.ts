import { fileURLToPath } from 'node:url';
import { sourceContract } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { BEHIND, configFor, isoOf } from './helpers/taobao.js';

t.test('the Taobao source passes the SDK source contract', (t) =>
  sourceContract(t, {
    packageDir: fileURLToPath(new URL('..', import.meta.url)),
    plugin,
    streams: ['orders', 'refunds'],
    badConfig: { config: { appKey: '12345678', appSecret: 'secret' }, message: /session/ },
    start: async () => {
      const emu = await startEmulator({ orders: 60, now: BEHIND });
      const config = configFor(emu);
      return {
        config,
        badCredentials: { ...config, session: `6100${'0'.repeat(40)}` },
        close: () => emu.close(),
        mutate: async () => {
          emu.store.mutate(9);
        },
        expected: async (stream) =>
          stream === 'orders'
            ? new Map(emu.store.trades.map((trade) => [String(trade.tid), { cursor: isoOf(trade.modified), record: { tid: String(trade.tid) } }]))
            : new Map(emu.store.refunds.map((refund) => [String(refund.refundId), { cursor: isoOf(refund.modified), record: { refund_id: String(refund.refundId) } }])),
      };
    },
  }),
);

import { defineSource } from '@datong/sdk';
import type { PinduoduoSourceConfig } from './generated/source-config.js';
import { PddClient } from './pdd-client.js';
import { resolveConfig } from './pdd-config.js';
import { fetchOrderPage, ordersStream } from './streams/orders-stream.js';
import { refundsStream } from './streams/refunds-stream.js';

/** The Pinduoduo source: `orders` and `refunds` (after-sales) of one merchant. PDD has no customer listing. */
export const pinduoduoSource = defineSource<PinduoduoSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new PddClient(config, ctx);
    return {
      streams: async () => [ordersStream(client, config), refundsStream(client, config)],
      // One signed, authorized call over a one-minute window: proves client id, secret and token.
      check: async () => {
        const end = Math.floor(Date.now() / 1000);
        await fetchOrderPage(client, config, end - 60, end, 1, 1);
      },
    };
  },
});

import { defineSource } from '@datong/sdk';
import { chinaTimeText } from './china-time.js';
import type { YouzanSourceConfig } from './generated/source-config.js';
import { customersStream } from './streams/customers-stream.js';
import { ordersStream } from './streams/orders-stream.js';
import { refundsStream } from './streams/refunds-stream.js';
import { verifyYouzanPush } from './webhook-verify.js';
import { YouzanClient } from './youzan-client.js';
import { resolveConfig } from './youzan-config.js';

/** The Youzan source: `orders`, `refunds` and `customers` of one shop, and its pushes for `datong listen`. */
export const youzanSource = defineSource<YouzanSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const now = Date.now;
    const client = new YouzanClient(config, ctx, now);
    return {
      streams: async () => [ordersStream(client, config, now), refundsStream(client, config, now), customersStream(client, config, now)],
      check: async () => {
        // A one-order page of the last hour: proves the token exchange and the trades permission.
        const at = now();
        await client.call('youzan.trades.sold.get', config.tradesApiVersion, { start_update: chinaTimeText(at - 3600_000), end_update: chinaTimeText(at), page_no: 1, page_size: 1 });
      },
    };
  },
  webhook: {
    verify: (request, config) => verifyYouzanPush(request, config ?? {}),
  },
});

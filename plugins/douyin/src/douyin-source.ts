import { defineSource } from '@datong/sdk';
import { DouyinClient } from './douyin-client.js';
import { resolveConfig } from './douyin-config.js';
import type { DouyinSourceConfig } from './generated/source-config.js';
import { OrderDecryptor } from './order-decryptor.js';
import { afterSalesStream } from './streams/after-sales-stream.js';
import { ordersStream } from './streams/orders-stream.js';

/** The Douyin shop source: `orders` and `after_sales` of one shop. */
export const douyinSource = defineSource<DouyinSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new DouyinClient(config, ctx);
    const decryptor = new OrderDecryptor(client, config, ctx);
    return {
      streams: async () => [ordersStream(client, config, decryptor), afterSalesStream(client, config)],
      check: async () => {
        // The cheapest call that needs a valid signature and token: one order of the last hour.
        const now = Math.floor(Date.now() / 1000);
        await client.call('order.searchList', { update_time_start: now - 3600, update_time_end: now, order_by: 'update_time', page: 0, size: 1 });
      },
    };
  },
});

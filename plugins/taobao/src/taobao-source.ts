import { defineSource } from '@datong/sdk';
import type { TaobaoSourceConfig } from './generated/source-config.js';
import { ordersStream } from './streams/orders-stream.js';
import { refundsStream } from './streams/refunds-stream.js';
import { resolveConfig } from './taobao-config.js';
import { TopClient } from './top-client.js';
import { formatTopTime } from './top-time.js';

/** The Taobao / Tmall source: `orders` and `refunds` of one seller through the TOP gateway. */
export const taobaoSource = defineSource<TaobaoSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new TopClient(config, ctx);
    return {
      streams: async () => [ordersStream(client, config), refundsStream(client, config)],
      // The cheapest signed call that needs the session: an empty minute of the incremental listing.
      check: async () => {
        const to = Date.now() - 60_000;
        await client.call('taobao.trades.sold.increment.get', {
          fields: 'tid', start_modified: formatTopTime(to - 60_000), end_modified: formatTopTime(to), page_no: 1, page_size: 1, use_has_next: true,
        });
      },
    };
  },
});

import { defineSource } from '@datong/sdk';
import type { JdSourceConfig } from './generated/source-config.js';
import { JdClient } from './jd-client.js';
import { resolveConfig } from './jd-config.js';
import { ordersStream, searchOrders } from './streams/orders-stream.js';
import { refundsStream } from './streams/refunds-stream.js';

/** The JD source: the `orders` and `refunds` streams of one seller through the JOS router. */
export const jdSource = defineSource<JdSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new JdClient(config, ctx);
    return {
      streams: async () => [ordersStream(client, config), refundsStream(client, config)],
      // The cheapest proof there is: one order of the last minute (signature, token, clock, API access).
      check: async () => {
        await searchOrders(client, config, client.clock.now() - 60_000, client.clock.now() - 1000, 1, 1);
      },
    };
  },
});

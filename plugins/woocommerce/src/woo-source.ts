import { defineSource } from '@datong/sdk';
import type { WooCommerceSourceConfig } from './generated/source-config.js';
import { customersStream } from './streams/customers-stream.js';
import { ordersStream } from './streams/orders-stream.js';
import { refundsStream } from './streams/refunds-stream.js';
import { WooClient } from './woo-client.js';
import { resolveConfig } from './woo-config.js';
import { wooWebhook } from './woo-webhook.js';

/** The WooCommerce source: `orders`, `customers` and `refunds` from one store's REST API v3. */
export const wooSource = defineSource<WooCommerceSourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new WooClient(config, ctx);
    return {
      streams: async () => [ordersStream(client, config), customersStream(client, config), refundsStream(client, config)],
      check: () => client.check(),
    };
  },
  webhook: wooWebhook,
});

import { defineSource } from '@datong/sdk';
import type { ShopifySourceConfig } from './generated/source-config.js';
import { ShopifyClient } from './shopify-client.js';
import { resolveConfig } from './shopify-config.js';
import { customersStream } from './streams/customers-stream.js';
import { ordersStream } from './streams/orders-stream.js';
import { shopifyWebhook } from './webhook-hmac.js';

/** The Shopify source: `customers` and `orders` from the GraphQL Admin API of one shop. */
export const shopifySource = defineSource<ShopifySourceConfig>({
  async open(raw, ctx) {
    const config = resolveConfig(raw);
    const client = new ShopifyClient(config, ctx);
    return {
      streams: async () => [customersStream(client, config), ordersStream(client, config)],
      check: async () => {
        await client.shopName();
      },
    };
  },
  webhook: shopifyWebhook,
});

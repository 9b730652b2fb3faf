import { definePlugin } from '@datong/sdk';
import { shopifySource } from './shopify-source.js';

/** datong's Shopify plugin: customers and orders from the GraphQL Admin API, as a source. */
export default definePlugin({ source: shopifySource });

export { shopifySource };
export { verifyShopifyWebhook } from './webhook-hmac.js';
export { FINANCIAL_STATUS_MAP, FULFILLMENT_STATUS_MAP, canonicalStatuses } from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts } from './status-map.js';
export type { ShopifySourceConfig } from './generated/source-config.js';
export type { ShopifyOrder } from './generated/order.js';
export type { ShopifyCustomer } from './generated/customer.js';
export type { UpdatedAtState } from './streams/updated-at-reader.js';

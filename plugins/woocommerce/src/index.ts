import { definePlugin } from '@datong/sdk';
import { wooSource } from './woo-source.js';

/** datong's WooCommerce plugin: orders, customers and refunds from the REST API v3, as a source. */
export default definePlugin({ source: wooSource });

export { wooSource };
export { wooWebhook } from './woo-webhook.js';
export { verifyWooSignature, wooWebhookSignature } from './webhook-signature.js';
export { ORDER_STATUS_MAP, canonicalStatuses } from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts, WooStatus } from './status-map.js';
export type { WooCommerceSourceConfig } from './generated/source-config.js';
export type { WooCommerceOrder } from './generated/order.js';
export type { WooCommerceCustomer } from './generated/customer.js';
export type { WooCommerceRefund } from './generated/refund.js';

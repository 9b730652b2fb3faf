import { definePlugin } from '@datong/sdk';
import { youzanSource } from './youzan-source.js';

/** datong's Youzan (有赞云) plugin: orders, refunds and customers of one shop, as a source. */
export default definePlugin({ source: youzanSource });

export { youzanSource };
export { verifyYouzanPush, eventSign, eventSignMatches } from './webhook-verify.js';
export { ORDER_STATUS_MAP, REFUND_STATE_MAP, REFUND_CASE_STATUS_MAP, canonicalStatuses } from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts } from './status-map.js';
export type { YouzanSourceConfig } from './generated/source-config.js';
export type { YouzanOrder } from './generated/order.js';
export type { YouzanRefund } from './generated/refund.js';
export type { YouzanCustomer } from './generated/customer.js';

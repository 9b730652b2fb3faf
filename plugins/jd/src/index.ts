import { definePlugin } from '@datong/sdk';
import { jdSource } from './jd-source.js';

/** datong's JD plugin: a seller's orders and refund applications from the JOS gateway, as a source. */
export default definePlugin({ source: jdSource });

export { jdSource };
export { JdClient } from './jd-client.js';
export { josSign } from './jd-signature.js';
export { formatJdTime, jdTimeToIso } from './jd-time.js';
export { yuan } from './money.js';
export { ORDER_STATE_MAP, REFUND_APPLY_STATUS_MAP, canonicalStatuses, refundApplyStatus } from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts, JdOrderState } from './status-map.js';
export type { JdSourceConfig } from './generated/source-config.js';
export type { JdOrder } from './generated/order.js';
export type { JdRefund } from './generated/refund.js';

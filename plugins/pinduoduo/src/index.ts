import { definePlugin } from '@datong/sdk';
import { pinduoduoSource } from './pinduoduo-source.js';

/** datong's Pinduoduo plugin: orders and after-sales cases from the PDD Open Platform, as a source. */
export default definePlugin({ source: pinduoduoSource });

export { pinduoduoSource };
export { pddSign } from './pdd-signature.js';
export { PddClient, REFRESH_TOKEN_STATE_KEY } from './pdd-client.js';
export {
  AFTER_SALES_STATUS_MAP, CONFIRM_STATUS_MAP, GROUP_STATUS_MAP, ORDER_STATUS_MAP, REFUND_STATUS_MAP,
  afterSalesRefundStatus, canonicalStatuses,
} from './status-map.js';
export type { CanonicalStatuses, PddStatusFacts } from './status-map.js';
export { yuan, pddTime } from './pdd-values.js';
export type { PinduoduoSourceConfig } from './generated/source-config.js';
export type { PinduoduoOrder } from './generated/order.js';
export type { PinduoduoRefund } from './generated/refund.js';

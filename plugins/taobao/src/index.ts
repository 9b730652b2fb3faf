import { definePlugin } from '@datong/sdk';
import { taobaoSource } from './taobao-source.js';

/** datong's Taobao / Tmall plugin: orders and refunds from the TOP gateway, as a source. */
export default definePlugin({ source: taobaoSource });

export { taobaoSource };
export { topSignature, type TopSignMethod } from './top-signature.js';
export { TRADE_STATUS_MAP, REFUND_STATUS_MAP, STEP_TRADE_STATUS_MAP, canonicalStatuses } from './status-map.js';
export type { CanonicalStatuses, TradeStatusFacts } from './status-map.js';
export { formatTopTime, parseTopTime, topTimeToIso } from './top-time.js';
export { banSeconds } from './top-errors.js';
export { yuan } from './yuan.js';
export { parseTopJson } from './top-client.js';
export type { TaobaoSourceConfig } from './generated/source-config.js';
export type { TaobaoOrder } from './generated/order.js';
export type { TaobaoRefund } from './generated/refund.js';

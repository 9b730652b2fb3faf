import { definePlugin } from '@datong/sdk';
import { douyinSource } from './douyin-source.js';

/** datong's Douyin shop (抖店) plugin: orders and after-sales from the open platform, as a source. */
export default definePlugin({ source: douyinSource });

export { douyinSource };
export { douyinSign, paramJson, gatewayTimestamp, type SignMethod, type SignedParams } from './douyin-signature.js';
export { fenToYuan } from './money.js';
export {
  ORDER_STATUS_MAP, SKU_REFUND_STATUS_MAP, AFTER_SALE_STATUS_DESC_MAP, AFTERSALE_STATUS_MAP, PAY_TYPES, canonicalStatuses,
} from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts } from './status-map.js';
export type { DouyinSourceConfig } from './generated/source-config.js';
export type { DouyinOrder } from './generated/order.js';
export type { DouyinAfterSale } from './generated/after-sale.js';

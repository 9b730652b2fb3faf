import { definePlugin } from '@datong/sdk';
import { wechatShopSource } from './wechat-source.js';

/** datong's WeChat shop plugin: a Channels shop's (or a legacy mini-program shop's) orders and after-sales, as a source. */
export default definePlugin({ source: wechatShopSource });

export { wechatShopSource };
export { ORDER_STATUS_MAP, AFTERSALE_STATUS_MAP, STATUSES_BY_API, orderStatuses, aftersaleStatus } from './status-map.js';
export type { CanonicalStatuses, OrderStatusFacts, OrderStatusMeaning, AftersaleStatusMeaning } from './status-map.js';
export { fenToYuan } from './money.js';
export { pushSignature } from './push-signature.js';
export { verifyWechatPush, wechatPushWebhook } from './push-webhook.js';
export { forgetProcessTokens, tokenRequestCount } from './access-token.js';
export type { WechatShopSourceConfig } from './generated/source-config.js';
export type { WechatShopOrder } from './generated/order.js';
export type { WechatShopAftersale } from './generated/aftersale.js';

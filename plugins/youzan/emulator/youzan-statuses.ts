/**
 * The order and after-sales statuses the emulator serves, in the order a trade moves through them
 * (doc.youzanyun.com order and refund pages). Kept apart from the plugin's status map on purpose.
 */
export const TRADE_STATUSES = [
  'WAIT_BUYER_PAY',
  'TRADE_PAID',
  'WAIT_CONFIRM',
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_BUYER_SIGNED',
  'TRADE_SUCCESS',
  'TRADE_CLOSED',
] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

/** order_info.refund_state values: none, partial in progress, partial done, full in progress, full done. */
export const REFUND_STATES = [0, 1, 2, 11, 12] as const;

export const REFUND_CASE_STATUSES = [
  'WAIT_SELLER_AGREE',
  'WAIT_BUYER_RETURN_GOODS',
  'WAIT_SELLER_CONFIRM_GOODS',
  'SELLER_REFUSE_BUYER',
  'SELLER_REFUSE_BUYER_RETURN_GOODS',
  'CLOSED',
  'SUCCESS',
] as const;
export type RefundCaseStatus = (typeof REFUND_CASE_STATUSES)[number];

/** Where a buyer or seller takes a trade next. */
export const NEXT_TRADE_STATUS: Record<TradeStatus, TradeStatus> = {
  WAIT_BUYER_PAY: 'WAIT_SELLER_SEND_GOODS',
  TRADE_PAID: 'WAIT_SELLER_SEND_GOODS',
  WAIT_CONFIRM: 'WAIT_SELLER_SEND_GOODS',
  WAIT_SELLER_SEND_GOODS: 'WAIT_BUYER_CONFIRM_GOODS',
  WAIT_BUYER_CONFIRM_GOODS: 'TRADE_SUCCESS',
  TRADE_BUYER_SIGNED: 'TRADE_SUCCESS',
  TRADE_SUCCESS: 'TRADE_SUCCESS',
  TRADE_CLOSED: 'TRADE_CLOSED',
};

export const STATUS_WORDS: Record<TradeStatus, string> = {
  WAIT_BUYER_PAY: '待付款',
  TRADE_PAID: '已支付',
  WAIT_CONFIRM: '待接单',
  WAIT_SELLER_SEND_GOODS: '待发货',
  WAIT_BUYER_CONFIRM_GOODS: '已发货',
  TRADE_BUYER_SIGNED: '已签收',
  TRADE_SUCCESS: '已完成',
  TRADE_CLOSED: '已关闭',
};

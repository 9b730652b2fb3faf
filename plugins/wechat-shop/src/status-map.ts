import { RecordError } from '@datong/sdk';
import type { WechatShopAftersale } from './generated/aftersale.js';
import type { WechatShopOrder } from './generated/order.js';

export type LifecycleStatus = WechatShopOrder['lifecycle_status'];
export type PaymentStatus = WechatShopOrder['payment_status'];
export type FulfillmentStatus = WechatShopOrder['fulfillment_status'];
export type RefundStatus = WechatShopOrder['refund_status'];
export type OrderStatus = WechatShopOrder['status'];
export type AftersaleStatus = WechatShopAftersale['status'];

/** The four canonical statuses of one order. */
export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/** What a WeChat order status means, and its canonical statuses before the order's own facts refine them. */
export interface OrderStatusMeaning extends CanonicalStatuses {
  meaning: string;
}

/**
 * Every documented order `status` (WxJava weixin-java-channel WxOrderStatus; the mini-program
 * shop's 1010 from its order docs) and what it means. 12 (a gift) and 13 (a group buy) are paid
 * but not yet a firm order: pending. 190 and 200 were paid and then cancelled, so refunded. 250
 * is mostly an unpaid order that was cancelled or timed out; when the order carries a pay_time the
 * money went back (see `orderStatuses`).
 */
export const ORDER_STATUS_MAP: Readonly<Record<OrderStatus, OrderStatusMeaning>> = {
  10: { meaning: 'awaiting payment', lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  12: { meaning: 'gift awaiting acceptance', lifecycle_status: 'pending', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  13: { meaning: 'group buy forming', lifecycle_status: 'pending', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  20: { meaning: 'paid, awaiting shipment', lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  21: { meaning: 'partly shipped', lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'partially_fulfilled', refund_status: 'none' },
  30: { meaning: 'shipped, awaiting receipt', lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' },
  100: { meaning: 'completed', lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' },
  190: { meaning: 'cancelled by the merchant (oversold)', lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' },
  200: { meaning: 'cancelled after every item went through after-sale', lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'returned', refund_status: 'refunded' },
  250: { meaning: 'cancelled (buyer cancelled, payment timed out, or merchant cancelled)', lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  1010: { meaning: 'deposit paid (pre-sale, legacy mini-program shop)', lifecycle_status: 'pending', payment_status: 'partially_paid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
};

/** The statuses each API documents: 1010 is the mini-program shop's alone. */
export const STATUSES_BY_API: Readonly<Record<'channels' | 'minishop', readonly OrderStatus[]>> = {
  channels: [10, 12, 13, 20, 21, 30, 100, 190, 200, 250],
  minishop: [10, 12, 13, 20, 21, 30, 100, 190, 200, 250, 1010],
};

/** What the status map reads from an order besides its status. */
export interface OrderStatusFacts {
  api: 'channels' | 'minishop';
  status: number;
  /** The order carries a pay time: money was taken. */
  paid: boolean;
  /** Something was shipped (a waybill). */
  shipped: boolean;
  /** After-sales in progress (aftersale_detail.on_aftersale_order_cnt > 0). */
  aftersaleInProgress: boolean;
}

/**
 * An order's four canonical statuses, kept apart. Throws a `RecordError` (UNMAPPED_VALUE) naming a
 * status the API does not document, so the order is dead-lettered instead of landing wrong.
 */
export function orderStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  const known = STATUSES_BY_API[facts.api] as readonly number[];
  const meaning = known.includes(facts.status) ? ORDER_STATUS_MAP[facts.status as OrderStatus] : undefined;
  if (!meaning) {
    throw new RecordError(`WeChat order field "status" has the value "${facts.status}", which has no canonical mapping (known for ${facts.api}: ${known.join(', ')})`, { code: 'UNMAPPED_VALUE' });
  }
  const out: CanonicalStatuses = {
    lifecycle_status: meaning.lifecycle_status,
    payment_status: meaning.payment_status,
    fulfillment_status: meaning.fulfillment_status,
    refund_status: meaning.refund_status,
  };
  // A paid order cancelled (250 after payment, e.g. by the merchant): the money went back.
  if (facts.status === 250 && facts.paid) {
    out.payment_status = 'refunded';
    out.refund_status = 'refunded';
  }
  // Refunded in full before anything left the warehouse: nothing came back either.
  if (facts.status === 200 && !facts.shipped) out.fulfillment_status = 'unfulfilled';
  if (out.refund_status === 'none' && facts.aftersaleInProgress) out.refund_status = 'requested';
  return out;
}

/** What an after-sale status means for the refund, and whether it is final. */
export interface AftersaleStatusMeaning {
  meaning: string;
  refund_status: RefundStatus;
  closed: boolean;
}

/**
 * Every documented after-sale `status` (channels_ec_aftersale_update's EcAftersaleInfoStatus and
 * getaftersaleorder's MERCHANT_REJECT_RESHIP). A request the buyer withdrew or let lapse is `none`;
 * one the merchant or the platform turned down is `rejected`.
 */
export const AFTERSALE_STATUS_MAP: Readonly<Record<AftersaleStatus, AftersaleStatusMeaning>> = {
  USER_CANCELD: { meaning: 'buyer withdrew the request', refund_status: 'none', closed: true },
  MERCHANT_PROCESSING: { meaning: 'merchant is handling it', refund_status: 'requested', closed: false },
  MERCHANT_REJECT_REFUND: { meaning: 'merchant refused the refund', refund_status: 'rejected', closed: false },
  MERCHANT_REJECT_RETURN: { meaning: 'merchant refused the return and refund', refund_status: 'rejected', closed: false },
  USER_WAIT_RETURN: { meaning: 'waiting for the buyer to send the goods back', refund_status: 'requested', closed: false },
  RETURN_CLOSED: { meaning: 'return closed (the buyer did not send the goods back in time)', refund_status: 'none', closed: true },
  MERCHANT_WAIT_RECEIPT: { meaning: 'waiting for the merchant to receive the return', refund_status: 'requested', closed: false },
  MERCHANT_OVERDUE_REFUND: { meaning: 'merchant is overdue with the refund', refund_status: 'requested', closed: false },
  MERCHANT_REFUND_SUCCESS: { meaning: 'refunded', refund_status: 'refunded', closed: true },
  MERCHANT_RETURN_SUCCESS: { meaning: 'returned and refunded', refund_status: 'refunded', closed: true },
  PLATFORM_REFUNDING: { meaning: 'the platform is refunding', refund_status: 'requested', closed: false },
  PLATFORM_REFUND_FAIL: { meaning: "the platform's refund failed", refund_status: 'requested', closed: false },
  USER_WAIT_CONFIRM: { meaning: "waiting for the buyer to confirm the merchant's proposal", refund_status: 'requested', closed: false },
  MERCHANT_REFUND_RETRY_FAIL: { meaning: 'the merchant could not pay the refund; customer service closed it', refund_status: 'none', closed: true },
  MERCHANT_FAIL: { meaning: 'closed (the platform ruled against the request)', refund_status: 'rejected', closed: true },
  MERCHANT_REJECT_RESHIP: { meaning: 'merchant refused to ship the exchange', refund_status: 'rejected', closed: false },
};

/** The canonical refund status of an after-sale; throws UNMAPPED_VALUE for an undocumented status. */
export function aftersaleStatus(status: string): AftersaleStatusMeaning {
  const meaning = Object.hasOwn(AFTERSALE_STATUS_MAP, status) ? AFTERSALE_STATUS_MAP[status as AftersaleStatus] : undefined;
  if (!meaning) {
    throw new RecordError(`WeChat after-sale field "status" has the value "${status}", which has no canonical mapping (known: ${Object.keys(AFTERSALE_STATUS_MAP).join(', ')})`, { code: 'UNMAPPED_VALUE' });
  }
  return meaning;
}

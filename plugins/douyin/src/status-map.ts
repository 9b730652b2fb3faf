import { RecordError } from '@datong/sdk';
import type { DouyinOrder } from './generated/order.js';

export type LifecycleStatus = DouyinOrder['lifecycle_status'];
export type PaymentStatus = DouyinOrder['payment_status'];
export type FulfillmentStatus = DouyinOrder['fulfillment_status'];
export type RefundStatus = DouyinOrder['refund_status'];

/** What one order_status value means, before refunds are looked at. */
export interface OrderStatusMeaning {
  label: string;
  lifecycle: LifecycleStatus;
  /** Before refunds; a cancelled order's depends on whether it was paid (see canonicalStatuses). */
  payment: PaymentStatus;
  fulfillment: FulfillmentStatus;
}

/**
 * Every documented `order_status` (order.searchList; the same values on each sku order) and its
 * canonical meaning. 105 (paid, not yet confirmed for stock) and 2 (preparing stock) are both paid
 * and unshipped; 101 is a partial shipment; 5 means the buyer received the goods.
 */
export const ORDER_STATUS_MAP: Readonly<Record<string, OrderStatusMeaning>> = {
  '1': { label: 'awaiting confirmation or payment', lifecycle: 'pending', payment: 'unpaid', fulfillment: 'unfulfilled' },
  '105': { label: 'paid', lifecycle: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  '2': { label: 'preparing stock', lifecycle: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  '101': { label: 'partly shipped', lifecycle: 'open', payment: 'paid', fulfillment: 'partially_fulfilled' },
  '3': { label: 'shipped', lifecycle: 'open', payment: 'paid', fulfillment: 'shipped' },
  '4': { label: 'cancelled', lifecycle: 'cancelled', payment: 'unpaid', fulfillment: 'unfulfilled' },
  '5': { label: 'completed (received)', lifecycle: 'completed', payment: 'paid', fulfillment: 'delivered' },
};

/**
 * A sku order's `after_sale_info.refund_status` (0 no refund needed, 1 to refund, 2 refunding,
 * 3 refunded, 4 refund failed) and the canonical refund status of that sku.
 */
export const SKU_REFUND_STATUS_MAP: Readonly<Record<string, RefundStatus>> = {
  '0': 'none',
  '1': 'requested',
  '2': 'requested',
  '3': 'refunded',
  '4': 'rejected',
};

/**
 * Every `after_sale_status_desc` value an after-sale case can be in (order.searchList's filter
 * vocabulary, less `all`, which is only a filter) and the canonical refund status. An exchange
 * that succeeded or a case closed without a refund leaves the money where it was.
 */
export const AFTER_SALE_STATUS_DESC_MAP: Readonly<Record<string, RefundStatus>> = {
  in_aftersale: 'requested',
  refund: 'requested',
  refund_success: 'refunded',
  refund_fail: 'rejected',
  exchange_success: 'none',
  aftersale_close: 'none',
};

/**
 * Every afterSale.List `aftersale_status` (standard_aftersale_status) and the after_sale_status_desc
 * it falls under: 3/13 exchange, resend or repair awaiting the buyer's receipt; 6 awaiting the
 * merchant; 7 awaiting the buyer's return; 8 awaiting the merchant's shipment; 11 awaiting the
 * merchant's second consent; 12 succeeded; 14 exchange succeeded; 27 and 29 refused by the merchant
 * (the buyer may still escalate, so the case stays open); 28 failed.
 */
export const AFTERSALE_STATUS_MAP: Readonly<Record<string, string>> = {
  '3': 'in_aftersale',
  '6': 'in_aftersale',
  '7': 'in_aftersale',
  '8': 'in_aftersale',
  '11': 'in_aftersale',
  '12': 'refund_success',
  '13': 'in_aftersale',
  '14': 'exchange_success',
  '27': 'in_aftersale',
  '28': 'refund_fail',
  '29': 'in_aftersale',
};

/** aftersale_type values that move goods, never money: 3 exchange, 7 resend, 8 repair. */
export const GOODS_ONLY_AFTERSALE_TYPES: ReadonlySet<number> = new Set([3, 7, 8]);

/** afterSale.List `refund_status`: 1 to refund, 2 refunding, 3 refunded, 4 failed, 5 recovered. */
export const AFTERSALE_REFUND_STATUSES: Readonly<Record<string, string>> = {
  '1': 'to refund', '2': 'refunding', '3': 'refunded', '4': 'refund failed', '5': 'recovered',
};

/** The after_sale_status_desc of an after-sale case; a RecordError names an unmapped status. */
export function afterSaleStatusDesc(status: unknown, type: unknown, refundStatus: unknown): string {
  const desc = AFTERSALE_STATUS_MAP[String(status)];
  if (!desc) throw unmapped('aftersale_status', status, AFTERSALE_STATUS_MAP);
  if (desc === 'refund_success') {
    if (typeof type === 'number' && GOODS_ONLY_AFTERSALE_TYPES.has(type)) return 'exchange_success';
    // Agreed, but the money is still on its way.
    if (refundStatus === 1 || refundStatus === 2) return 'refund';
  }
  return desc;
}

/** `pay_type` values (kept raw on the record; listed for the README and the emulator's tests). */
export const PAY_TYPES: Readonly<Record<string, string>> = {
  '0': 'cash on delivery', '1': 'WeChat', '2': 'Alipay', '3': 'mini-program', '4': 'bank card', '5': 'balance',
  '7': 'no payment', '8': 'DOU installment', '9': 'new card', '12': 'pay later',
};

/** What the status map reads from an order. */
export interface OrderStatusFacts {
  order_status: unknown;
  pay_time: number | null;
  pay_amount: number;
  skus: { order_status: unknown; pay_amount: number; refund_status: unknown }[];
}

export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/** The four canonical statuses of one order; a RecordError (UNMAPPED_VALUE) names any value no table lists. */
export function canonicalStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  const meaning = orderStatus(facts.order_status, 'order_status');
  for (const sku of facts.skus) orderStatus(sku.order_status, 'sku order_status');
  const skuRefunds = facts.skus.map((sku) => ({ status: skuRefund(sku.refund_status), amount: sku.pay_amount }));
  const refund = refundStatus(skuRefunds);
  const wasPaid = facts.pay_time !== null && facts.pay_time > 0;
  let payment: PaymentStatus = meaning.payment;
  // A cancelled order that had been paid was paid back; one never paid stays unpaid.
  if (meaning.lifecycle === 'cancelled' && wasPaid) payment = 'refunded';
  if (refund === 'refunded') payment = 'refunded';
  else if (refund === 'partially_refunded' && payment === 'paid') payment = 'partially_refunded';
  return { lifecycle_status: meaning.lifecycle, payment_status: payment, fulfillment_status: meaning.fulfillment, refund_status: refund };
}

function orderStatus(value: unknown, field: string): OrderStatusMeaning {
  const meaning = ORDER_STATUS_MAP[String(value)];
  if (!meaning) throw unmapped(field, value, ORDER_STATUS_MAP);
  return meaning;
}

function skuRefund(value: unknown): RefundStatus {
  // An order without after-sale info has had no after-sale.
  if (value === null || value === undefined) return 'none';
  const mapped = SKU_REFUND_STATUS_MAP[String(value)];
  if (!mapped) throw unmapped('after_sale_info.refund_status', value, SKU_REFUND_STATUS_MAP);
  return mapped;
}

/** Refunded when every paid sku was refunded, partly when some were; else the open request or refusal. */
function refundStatus(skus: { status: RefundStatus; amount: number }[]): RefundStatus {
  const refunded = skus.filter((s) => s.status === 'refunded');
  if (refunded.length > 0) return refunded.length === skus.length ? 'refunded' : 'partially_refunded';
  if (skus.some((s) => s.status === 'requested')) return 'requested';
  if (skus.some((s) => s.status === 'rejected')) return 'rejected';
  return 'none';
}

/** The canonical refund status of an after-sale case. */
export function afterSaleRefundStatus(desc: unknown): RefundStatus {
  const mapped = AFTER_SALE_STATUS_DESC_MAP[String(desc)];
  if (!mapped) throw unmapped('after_sale_status_desc', desc, AFTER_SALE_STATUS_DESC_MAP);
  return mapped;
}

function unmapped(field: string, value: unknown, table: Readonly<Record<string, unknown>>): RecordError {
  return new RecordError(`Douyin ${field} ${JSON.stringify(value)} has no canonical mapping (known: ${Object.keys(table).join(', ')})`, { code: 'UNMAPPED_VALUE' });
}

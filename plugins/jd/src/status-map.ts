import { RecordError } from '@datong/sdk';
import type { JdOrder } from './generated/order.js';

export type JdOrderState = JdOrder['order_state'];

/** The four canonical statuses of one order. */
export interface CanonicalStatuses {
  lifecycle_status: JdOrder['lifecycle_status'];
  payment_status: JdOrder['payment_status'];
  fulfillment_status: JdOrder['fulfillment_status'];
  refund_status: JdOrder['refund_status'];
}

const status = (lifecycle_status: CanonicalStatuses['lifecycle_status'], payment_status: CanonicalStatuses['payment_status'], fulfillment_status: CanonicalStatuses['fulfillment_status'], refund_status: CanonicalStatuses['refund_status']): CanonicalStatuses =>
  ({ lifecycle_status, payment_status, fulfillment_status, refund_status });

/**
 * Every documented `order_state` (platforms.md §3, from the JOS mirrors) and what it means for an
 * online-paid order. POP orders reach the seller paid, so every live state is `paid`; the
 * adjustments for cash on delivery, paid-then-cancelled and shipped-then-locked are in
 * `canonicalStatuses`.
 * - WAIT_SELLER_STOCK_OUT: paid, awaiting outbound.
 * - WAIT_GOODS_RECEIVE_CONFIRM: shipped, awaiting the buyer's receipt.
 * - WAIT_SELLER_DELIVERY: cross-border (海外购) order awaiting its domestic shipment: not shipped yet.
 * - PAUSE: a LOC order paused: still open, nothing shipped.
 * - FINISHED_L: completed; the buyer received the goods.
 * - TRADE_CANCELED: cancelled (unpaid, unless paid first: then refunded).
 * - LOCKED: locked because a refund/after-sale is in progress: refund requested.
 * - POP_ORDER_PAUSE: a POP business pause (SIM cards, fulfilment, gold): still open, not shipped.
 */
export const ORDER_STATE_MAP: Readonly<Record<JdOrderState, CanonicalStatuses>> = {
  WAIT_SELLER_STOCK_OUT: status('open', 'paid', 'unfulfilled', 'none'),
  WAIT_GOODS_RECEIVE_CONFIRM: status('open', 'paid', 'shipped', 'none'),
  WAIT_SELLER_DELIVERY: status('open', 'paid', 'unfulfilled', 'none'),
  PAUSE: status('open', 'paid', 'unfulfilled', 'none'),
  FINISHED_L: status('completed', 'paid', 'delivered', 'none'),
  TRADE_CANCELED: status('cancelled', 'unpaid', 'unfulfilled', 'none'),
  LOCKED: status('open', 'paid', 'unfulfilled', 'requested'),
  POP_ORDER_PAUSE: status('open', 'paid', 'unfulfilled', 'none'),
};

/** What the map reads from an order: JD's raw values. */
export interface OrderStatusFacts {
  orderState: string;
  /** "1-货到付款" is cash on delivery. */
  payType?: string | null;
  /** Set once JD confirmed the payment. */
  paymentConfirmTime?: string | null;
  waybill?: string | null;
}

/**
 * The four canonical statuses of a JD order, kept apart. Throws a RecordError (UNMAPPED_VALUE)
 * naming an order_state the table does not know: the order is dead-lettered, the run goes on.
 */
export function canonicalStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  const base = Object.hasOwn(ORDER_STATE_MAP, facts.orderState) ? ORDER_STATE_MAP[facts.orderState as JdOrderState] : undefined;
  if (!base) {
    throw new RecordError(`JD order_state "${facts.orderState}" has no canonical mapping (known: ${Object.keys(ORDER_STATE_MAP).join(', ')})`, { code: 'UNMAPPED_VALUE' });
  }
  const out = { ...base };
  const paid = present(facts.paymentConfirmTime);
  const cod = /^1(-|$)/.test(facts.payType ?? '');
  if (facts.orderState === 'TRADE_CANCELED' && paid && !cod) {
    out.payment_status = 'refunded';
    out.refund_status = 'refunded';
  } else if (cod && facts.orderState !== 'FINISHED_L' && !paid) {
    // Cash on delivery: the money comes with the goods.
    out.payment_status = 'unpaid';
  }
  if (facts.orderState === 'LOCKED' && present(facts.waybill)) out.fulfillment_status = 'shipped';
  return out;
}

function present(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.trim() !== '' && !value.startsWith('0000');
}

export type RefundStatus = CanonicalStatuses['refund_status'];

/**
 * Every documented review status of a refund application (退款审核单, from the JOS SDK parameter
 * docs of refundapply.queryPageList) and the canonical refund status. An approval by the seller
 * (1, 5) or a parcel stopped in transit (7) is still only `requested`: the money moves when JD
 * finance approves (3) or the order is intercepted / force-closed with a refund (6, 9).
 */
export const REFUND_APPLY_STATUS_MAP: Readonly<Record<number, RefundStatus>> = {
  0: 'requested', // 未审核: not reviewed yet
  1: 'requested', // 审核通过: approved by the seller, refund not issued yet
  2: 'rejected', // 审核不通过
  3: 'refunded', // 京东财务审核通过: JD finance approved, refund issued
  4: 'rejected', // 京东财务审核不通过
  5: 'requested', // 人工审核通过: approved by hand, refund not issued yet
  6: 'refunded', // 拦截并退款: intercepted and refunded
  7: 'requested', // 青龙拦截成功: the parcel was stopped, the refund follows
  8: 'rejected', // 青龙拦截失败: the parcel could not be stopped
  9: 'refunded', // 强制关单并退款: force-closed and refunded
};

/** The canonical refund status of a refund application; an undocumented status is UNMAPPED_VALUE. */
export function refundApplyStatus(status: unknown): RefundStatus {
  const code = typeof status === 'number' ? status : Number(status);
  const mapped = Number.isInteger(code) && Object.hasOwn(REFUND_APPLY_STATUS_MAP, code) ? REFUND_APPLY_STATUS_MAP[code] : undefined;
  if (!mapped) throw new RecordError(`JD refund application status "${String(status)}" has no canonical mapping (known: 0-9)`, { code: 'UNMAPPED_VALUE' });
  return mapped;
}

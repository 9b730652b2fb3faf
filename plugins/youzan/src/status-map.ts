import { RecordError } from '@datong/sdk';
import type { YouzanOrder } from './generated/order.js';
import type { YouzanRefund } from './generated/refund.js';

export type LifecycleStatus = YouzanOrder['lifecycle_status'];
export type PaymentStatus = YouzanOrder['payment_status'];
export type FulfillmentStatus = YouzanOrder['fulfillment_status'];
export type RefundStatus = YouzanOrder['refund_status'];

/** What one `order_info.status` value says on its own, before refunds and shipping times refine it. */
export interface OrderStatusMeaning {
  lifecycle: LifecycleStatus;
  /** Whether the buyer has paid (TRADE_CLOSED: it depends on pay_time). */
  paid: boolean | 'depends';
  fulfillment: FulfillmentStatus;
}

/**
 * Every `order_info.status` of youzan.trades.sold.get / trade.get and what it means (doc.youzanyun.com
 * order pages, via the 3P mirror cited in README): WAIT_BUYER_PAY (deposit or balance unpaid too) →
 * TRADE_PAID (momentary) → WAIT_CONFIRM (waiting for the group to fill or the seller to accept) →
 * WAIT_SELLER_SEND_GOODS → WAIT_BUYER_CONFIRM_GOODS → TRADE_SUCCESS; TRADE_CLOSED from any stage
 * (cancelled, unpaid in time, or fully refunded). TRADE_BUYER_SIGNED (signed for) is seen in client code.
 */
export const ORDER_STATUS_MAP: Readonly<Record<string, OrderStatusMeaning>> = {
  WAIT_BUYER_PAY: { lifecycle: 'pending', paid: false, fulfillment: 'unfulfilled' },
  TRADE_PAID: { lifecycle: 'open', paid: true, fulfillment: 'unfulfilled' },
  WAIT_CONFIRM: { lifecycle: 'open', paid: true, fulfillment: 'unfulfilled' },
  WAIT_SELLER_SEND_GOODS: { lifecycle: 'open', paid: true, fulfillment: 'unfulfilled' },
  WAIT_BUYER_CONFIRM_GOODS: { lifecycle: 'open', paid: true, fulfillment: 'shipped' },
  TRADE_BUYER_SIGNED: { lifecycle: 'open', paid: true, fulfillment: 'delivered' },
  TRADE_SUCCESS: { lifecycle: 'completed', paid: true, fulfillment: 'delivered' },
  TRADE_CLOSED: { lifecycle: 'cancelled', paid: 'depends', fulfillment: 'unfulfilled' },
};

/**
 * Every `order_info.refund_state`: 0 no refund, 1 partial refund in progress, 2 partially refunded,
 * 11 full refund in progress, 12 fully refunded (1 and 11 are momentary, Youzan says).
 */
export const REFUND_STATE_MAP: Readonly<Record<string, RefundStatus>> = {
  '0': 'none',
  '1': 'requested',
  '2': 'partially_refunded',
  '11': 'requested',
  '12': 'refunded',
};

/**
 * Every after-sales case status of youzan.trade.refund.search/get: waiting for the seller, for
 * the goods to come back, for the seller to confirm them; refused (before or after the return);
 * closed by the buyer (no refund); succeeded.
 */
export const REFUND_CASE_STATUS_MAP: Readonly<Record<string, YouzanRefund['refund_status']>> = {
  WAIT_SELLER_AGREE: 'requested',
  WAIT_BUYER_RETURN_GOODS: 'requested',
  WAIT_SELLER_CONFIRM_GOODS: 'requested',
  SELLER_REFUSE_BUYER: 'rejected',
  SELLER_REFUSE_BUYER_RETURN_GOODS: 'rejected',
  CLOSED: 'none',
  SUCCESS: 'refunded',
};

/** What the status map reads from an order: Youzan's raw values. */
export interface OrderStatusFacts {
  status: string;
  refundState: number | string;
  payTime: string | null;
  consignTime: string | null;
}

export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/**
 * Youzan's raw statuses as datong's four canonical ones, kept apart. Throws a RecordError with code
 * UNMAPPED_VALUE naming the field and value for anything the tables do not list.
 */
export function canonicalStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  const meaning = ORDER_STATUS_MAP[facts.status];
  if (!meaning) throw unmapped('order_info.status', facts.status, ORDER_STATUS_MAP);
  const refund = REFUND_STATE_MAP[String(facts.refundState)];
  if (!refund) throw unmapped('order_info.refund_state', String(facts.refundState), REFUND_STATE_MAP);
  const paid = meaning.paid === 'depends' ? facts.payTime !== null : meaning.paid;
  let payment: PaymentStatus = paid ? 'paid' : 'unpaid';
  if (paid && refund === 'partially_refunded') payment = 'partially_refunded';
  if (paid && refund === 'refunded') payment = 'refunded';
  let fulfillment = meaning.fulfillment;
  // A closed order that had shipped was closed by a full refund of goods sent back.
  if (facts.status === 'TRADE_CLOSED' && facts.consignTime !== null) fulfillment = 'returned';
  return { lifecycle_status: meaning.lifecycle, payment_status: payment, fulfillment_status: fulfillment, refund_status: refund };
}

/** The canonical refund_status of an after-sales case. */
export function refundCaseStatus(status: string): YouzanRefund['refund_status'] {
  const mapped = REFUND_CASE_STATUS_MAP[status];
  if (!mapped) throw unmapped('refund status', status, REFUND_CASE_STATUS_MAP);
  return mapped;
}

function unmapped(field: string, value: string, table: Readonly<Record<string, unknown>>): RecordError {
  return new RecordError(`Youzan ${field} "${value}" has no canonical mapping (known: ${Object.keys(table).join(', ')})`, { code: 'UNMAPPED_VALUE' });
}

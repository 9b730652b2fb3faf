import { RecordError } from '@datong/sdk';
import type { TaobaoOrder } from './generated/order.js';

export type LifecycleStatus = TaobaoOrder['lifecycle_status'];
export type PaymentStatus = TaobaoOrder['payment_status'];
export type FulfillmentStatus = TaobaoOrder['fulfillment_status'];
export type RefundStatus = TaobaoOrder['refund_status'];

/** What one trade status says about the trade's life, its money and its goods. */
export interface TradeStatusMeaning {
  lifecycle: LifecycleStatus;
  payment: PaymentStatus;
  fulfillment: FulfillmentStatus;
}

/**
 * Every TOP trade `status` and what it means (bububa/opentaobao model/trade/Order.go; platforms.md §2).
 * TRADE_CLOSED is closed **after** payment because the refund succeeded (money back: refunded);
 * TRADE_CLOSED_BY_TAOBAO is closed **before** payment by buyer or seller (never paid). A closed
 * trade whose goods had left is `returned` (see `canonicalStatuses`). WAIT_PRE_AUTH_CONFIRM is a
 * Yu'e Bao 0-yuan contract: the buyer's funds are frozen, not taken (authorized). PAY_PENDING is a
 * foreign-card payment still being confirmed: no money yet. PAID_FORBID_CONSIGN (meaning
 * UNCONFIRMED) is paid with shipping forbidden.
 */
export const TRADE_STATUS_MAP: Readonly<Record<TaobaoOrder['status'], TradeStatusMeaning>> = {
  TRADE_NO_CREATE_PAY: { lifecycle: 'pending', payment: 'unpaid', fulfillment: 'unfulfilled' },
  WAIT_BUYER_PAY: { lifecycle: 'pending', payment: 'unpaid', fulfillment: 'unfulfilled' },
  PAY_PENDING: { lifecycle: 'pending', payment: 'unpaid', fulfillment: 'unfulfilled' },
  WAIT_PRE_AUTH_CONFIRM: { lifecycle: 'pending', payment: 'authorized', fulfillment: 'unfulfilled' },
  WAIT_SELLER_SEND_GOODS: { lifecycle: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  PAID_FORBID_CONSIGN: { lifecycle: 'open', payment: 'paid', fulfillment: 'unfulfilled' },
  SELLER_CONSIGNED_PART: { lifecycle: 'open', payment: 'paid', fulfillment: 'partially_fulfilled' },
  WAIT_BUYER_CONFIRM_GOODS: { lifecycle: 'open', payment: 'paid', fulfillment: 'shipped' },
  TRADE_BUYER_SIGNED: { lifecycle: 'open', payment: 'paid', fulfillment: 'delivered' },
  TRADE_FINISHED: { lifecycle: 'completed', payment: 'paid', fulfillment: 'delivered' },
  TRADE_CLOSED: { lifecycle: 'cancelled', payment: 'refunded', fulfillment: 'unfulfilled' },
  TRADE_CLOSED_BY_TAOBAO: { lifecycle: 'cancelled', payment: 'unpaid', fulfillment: 'unfulfilled' },
};

/**
 * Every sub-order `refund_status` (and refunds.receive.get `status`) and what it says of that line:
 * NO_REFUND (none asked; UNCONFIRMED spelling) and CLOSED (withdrawn or closed) are `none`; the
 * WAIT_* steps, exchanges included, are `requested`; SELLER_REFUSE_BUYER is `rejected`; SUCCESS and
 * EXCHANGE_TRANSFORM_TO_REFUND (an exchange turned into a refund, which still waits) are refunded
 * and requested respectively.
 */
export const REFUND_STATUS_MAP: Readonly<Record<string, RefundStatus>> = {
  NO_REFUND: 'none',
  WAIT_SELLER_AGREE: 'requested',
  WAIT_BUYER_RETURN_GOODS: 'requested',
  WAIT_SELLER_CONFIRM_GOODS: 'requested',
  WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: 'requested',
  EXCHANGE_TRANSFORM_TO_REFUND: 'requested',
  WAIT_SELLER_CONSIGN_GOODS: 'requested',
  SELLER_REFUSE_BUYER: 'rejected',
  CLOSED: 'none',
  SUCCESS: 'refunded',
};

/**
 * Pre-sale (step) trades: TOP's three `step_trade_status` values (SDK field comment: "目前有三返回状态")
 * and the payment they mean while the trade itself still waits for the buyer.
 */
export const STEP_TRADE_STATUS_MAP: Readonly<Record<string, PaymentStatus>> = {
  FRONT_NOPAID_FINAL_NOPAID: 'unpaid',
  FRONT_PAID_FINAL_NOPAID: 'partially_paid',
  FRONT_PAID_FINAL_PAID: 'paid',
};

/** What the status map reads from a trade: TOP's raw values. */
export interface TradeStatusFacts {
  status: string;
  stepTradeStatus?: string | null;
  /** Each sub-order's refund_status and whether it had been shipped (a consign_time). */
  orders: { refundStatus: string; shipped: boolean }[];
}

/** The four canonical statuses of one trade. */
export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/**
 * Maps a trade's TOP statuses to datong's four canonical ones, kept apart. Throws a `RecordError`
 * (code UNMAPPED_VALUE) naming any value the tables do not know, so that trade is dead-lettered
 * instead of landing in a wrong state.
 */
export function canonicalStatuses(facts: TradeStatusFacts): CanonicalStatuses {
  const meaning = lookup(TRADE_STATUS_MAP as Record<string, TradeStatusMeaning>, 'status', facts.status);
  const lines = facts.orders.map((o) => lookup(REFUND_STATUS_MAP, 'orders[].refund_status', o.refundStatus));
  let { lifecycle, payment, fulfillment } = meaning;
  if (facts.stepTradeStatus) {
    const step = lookup(STEP_TRADE_STATUS_MAP, 'step_trade_status', facts.stepTradeStatus);
    // The deposit only speaks while the trade waits for money; a paid or closed trade says it all.
    if (payment === 'unpaid' && lifecycle === 'pending' && step !== 'unpaid') {
      payment = step;
      lifecycle = 'open';
    }
  }
  const refund = refundStatus(lines);
  if (facts.status === 'TRADE_CLOSED') {
    // Closed after payment because the refund succeeded: goods that had left came back.
    if (facts.orders.some((o) => o.shipped)) fulfillment = 'returned';
    return { lifecycle_status: lifecycle, payment_status: payment, fulfillment_status: fulfillment, refund_status: 'refunded' };
  }
  if (payment === 'paid' && refund === 'refunded') payment = 'refunded';
  else if (payment === 'paid' && refund === 'partially_refunded') payment = 'partially_refunded';
  return { lifecycle_status: lifecycle, payment_status: payment, fulfillment_status: fulfillment, refund_status: refund };
}

/** The trade's refund status from its lines': all refunded, some, one pending, one refused, or none. */
function refundStatus(lines: RefundStatus[]): RefundStatus {
  const refunded = lines.filter((l) => l === 'refunded').length;
  if (refunded > 0) return refunded === lines.length ? 'refunded' : 'partially_refunded';
  if (lines.includes('requested')) return 'requested';
  if (lines.includes('rejected')) return 'rejected';
  return 'none';
}

function lookup<T>(table: Readonly<Record<string, T>>, field: string, value: string): T {
  const mapped = Object.hasOwn(table, value) ? table[value] : undefined;
  if (mapped === undefined) {
    throw new RecordError(`Taobao ${field} "${value}" has no canonical mapping (known: ${Object.keys(table).join(', ')})`, { code: 'UNMAPPED_VALUE' });
  }
  return mapped;
}

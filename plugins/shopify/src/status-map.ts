import { RecordError } from '@datong/sdk';
import type { ShopifyOrder } from './generated/order.js';

export type LifecycleStatus = ShopifyOrder['lifecycle_status'];
export type PaymentStatus = ShopifyOrder['payment_status'];
export type FulfillmentStatus = ShopifyOrder['fulfillment_status'];
export type RefundStatus = ShopifyOrder['refund_status'];

/**
 * Every `OrderDisplayFinancialStatus` value (API 2025-01) and the canonical payment status it
 * means. Meanings from shopify.dev's enum page: PENDING is a payment still processing or a manual
 * method, so no money yet; EXPIRED is an authorization that lapsed before capture.
 */
export const FINANCIAL_STATUS_MAP: Readonly<Record<string, PaymentStatus>> = {
  PENDING: 'unpaid',
  AUTHORIZED: 'authorized',
  PARTIALLY_PAID: 'partially_paid',
  PAID: 'paid',
  PARTIALLY_REFUNDED: 'partially_refunded',
  REFUNDED: 'refunded',
  VOIDED: 'voided',
  EXPIRED: 'expired',
};

/**
 * Every `OrderDisplayFulfillmentStatus` value (API 2025-01) and the canonical fulfillment status.
 * OPEN and PENDING_FULFILLMENT are the deprecated names of UNFULFILLED and IN_PROGRESS. IN_PROGRESS,
 * ON_HOLD, SCHEDULED and REQUEST_DECLINED all mean nothing has left the warehouse yet. FULFILLED
 * becomes `delivered` only when every live fulfillment reports a delivery (see `fulfillmentStatus`).
 */
export const FULFILLMENT_STATUS_MAP: Readonly<Record<string, FulfillmentStatus>> = {
  UNFULFILLED: 'unfulfilled',
  OPEN: 'unfulfilled',
  PENDING_FULFILLMENT: 'unfulfilled',
  IN_PROGRESS: 'unfulfilled',
  ON_HOLD: 'unfulfilled',
  SCHEDULED: 'unfulfilled',
  REQUEST_DECLINED: 'unfulfilled',
  PARTIALLY_FULFILLED: 'partially_fulfilled',
  FULFILLED: 'shipped',
  RESTOCKED: 'returned',
};

/** What the status map reads from an order: Shopify's raw values. */
export interface OrderStatusFacts {
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  cancelledAt: string | null;
  closedAt: string | null;
  /** Each fulfillment's status and delivery moment. */
  fulfillments: { status: string; deliveredAt: string | null }[];
  /** Each refund's amount, decimal text. */
  refunds: { amount: string }[];
}

/** The four canonical statuses of one order. */
export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/**
 * Maps an order's Shopify statuses to datong's four canonical ones, kept apart. Throws a
 * `RecordError` naming any value the tables do not know, so that order is dead-lettered instead
 * of landing in a wrong state.
 */
export function canonicalStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  const payment = paymentStatus(facts.displayFinancialStatus);
  const fulfillment = fulfillmentStatus(facts.displayFulfillmentStatus, facts.fulfillments);
  return {
    lifecycle_status: lifecycleStatus(facts, payment),
    payment_status: payment,
    fulfillment_status: fulfillment,
    refund_status: refundStatus(payment, facts.refunds),
  };
}

/** The canonical payment status; Shopify leaves the financial status null on orders with nothing to pay yet. */
export function paymentStatus(value: string | null): PaymentStatus {
  if (value === null) return 'unpaid';
  const mapped = FINANCIAL_STATUS_MAP[value];
  if (!mapped) throw unknown('displayFinancialStatus', value, FINANCIAL_STATUS_MAP);
  return mapped;
}

/** The canonical fulfillment status: FULFILLED is `delivered` once every live fulfillment was delivered. */
export function fulfillmentStatus(value: string, fulfillments: OrderStatusFacts['fulfillments']): FulfillmentStatus {
  const mapped = FULFILLMENT_STATUS_MAP[value];
  if (!mapped) throw unknown('displayFulfillmentStatus', value, FULFILLMENT_STATUS_MAP);
  if (mapped !== 'shipped') return mapped;
  const live = fulfillments.filter((f) => f.status === 'SUCCESS');
  return live.length > 0 && live.every((f) => f.deliveredAt !== null) ? 'delivered' : 'shipped';
}

function lifecycleStatus(facts: OrderStatusFacts, payment: PaymentStatus): LifecycleStatus {
  if (facts.cancelledAt !== null) return 'cancelled';
  if (facts.closedAt !== null) return 'completed';
  // No money secured (nothing paid, the authorization voided or lapsed): the order waits on the buyer.
  return payment === 'unpaid' || payment === 'voided' || payment === 'expired' ? 'pending' : 'open';
}

function refundStatus(payment: PaymentStatus, refunds: OrderStatusFacts['refunds']): RefundStatus {
  if (payment === 'refunded') return 'refunded';
  if (payment === 'partially_refunded') return 'partially_refunded';
  // A refund of money already recorded while the financial status has not caught up (or a refund of a
  // partially paid order) is still a partial refund; zero-amount refunds only restock.
  return refunds.some((r) => Number(r.amount) > 0) ? 'partially_refunded' : 'none';
}

function unknown(field: string, value: string, table: Readonly<Record<string, unknown>>): RecordError {
  return new RecordError(`Shopify ${field} "${value}" has no canonical mapping (known: ${Object.keys(table).join(', ')})`, {
    code: 'UNMAPPED_VALUE',
  });
}

import { RecordError } from '@datong/sdk';
import type { WooCommerceOrder } from './generated/order.js';
import { isPositive } from './decimal.js';

export type WooStatus = WooCommerceOrder['status'];
export type LifecycleStatus = WooCommerceOrder['lifecycle_status'];
export type PaymentStatus = WooCommerceOrder['payment_status'];
export type FulfillmentStatus = WooCommerceOrder['fulfillment_status'];
export type RefundStatus = WooCommerceOrder['refund_status'];

/** The four canonical statuses of one order. */
export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/**
 * Every WooCommerce order status (REST v3 `status` enum, plus checkout-draft from block checkout)
 * and what it means in datong's four canonical statuses, before the facts of the order refine
 * them (see `canonicalStatuses`). Meanings from WooCommerce's docs:
 * - pending: created, awaiting payment; failed: the payment failed or was declined — WooCommerce
 *   lets the buyer pay both again (`valid_order_statuses_for_payment`), so both are still pending.
 * - on-hold: awaiting payment confirmation (bank transfer, cheque) or a manual review.
 * - processing: paid, awaiting fulfilment; completed: fulfilled by the merchant (WooCommerce core
 *   records no delivery, so it is `shipped`, never `delivered`).
 * - cancelled: by the admin or the buyer; refunded: fully refunded; trash: the admin binned it.
 * - checkout-draft: a block-checkout draft the buyer has not submitted.
 */
export const ORDER_STATUS_MAP: Readonly<Record<WooStatus, CanonicalStatuses>> = {
  pending: { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  processing: { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  'on-hold': { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  completed: { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' },
  cancelled: { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  refunded: { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' },
  failed: { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  'checkout-draft': { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
  trash: { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' },
};

/** What the status map reads from an order: WooCommerce's raw values. */
export interface OrderStatusFacts {
  status: string;
  /** date_paid_gmt: set once a payment was recorded. */
  datePaid: string | null;
  /** date_completed_gmt: set when the order was completed. */
  dateCompleted: string | null;
  /** The refunds' totals as the order lists them ("-10.00"). */
  refundTotals: string[];
}

/**
 * The canonical statuses of one order: the table's row for its status, refined by its facts —
 * an on-hold or trashed order with a recorded payment is paid; a paid order with refunds (and not
 * `refunded`) is partially refunded; a refunded order that had been completed was returned.
 * Throws a `RecordError` (UNMAPPED_VALUE) naming a status the table does not know (a plugin's
 * custom status), so the order is dead-lettered instead of landing in a wrong state.
 */
export function canonicalStatuses(facts: OrderStatusFacts): CanonicalStatuses {
  if (!Object.hasOwn(ORDER_STATUS_MAP, facts.status)) {
    throw new RecordError(`WooCommerce status "${facts.status}" has no canonical mapping (known: ${Object.keys(ORDER_STATUS_MAP).join(', ')})`, {
      code: 'UNMAPPED_VALUE',
    });
  }
  const status = facts.status as WooStatus;
  const row = { ...ORDER_STATUS_MAP[status] };
  if ((status === 'on-hold' || status === 'trash') && facts.datePaid) row.payment_status = 'paid';
  if (status === 'refunded') {
    if (facts.dateCompleted) row.fulfillment_status = 'returned';
    return row;
  }
  if (facts.refundTotals.some((total) => isPositive(total.replace(/^-/, '')))) {
    row.refund_status = 'partially_refunded';
    if (row.payment_status === 'paid') row.payment_status = 'partially_refunded';
  }
  return row;
}

import type { ExportOrder, RefundStatus, TradeStatus } from './export-order.js';

/**
 * The row every contender writes to `orders`. Baselines (copy, pg-promise, etl) share this one
 * mapping so they cannot drift apart; datong maps from its own pipeline file, and the bench's
 * checksum is what proves both mappings agree.
 */
export interface CanonicalOrder {
  order_id: string;
  channel: string;
  customer_name: string;
  customer_phone: string;
  lifecycle_status: string;
  payment_status: string;
  fulfillment_status: string;
  refund_status: string;
  /** Kept as the exported decimal string: going through a JS number could change the value. */
  total: string;
  currency: string;
  /** ISO-8601 text with offset; Postgres parses it into timestamptz. */
  created_at: string;
  updated_at: string;
  /** The canonical order line: the export's `qty` and `price` renamed to `quantity` and `unit_price`. */
  lines: { sku: string; title: string; quantity: number; unit_price: string }[];
}

const LIFECYCLE: Record<TradeStatus, string> = {
  WAIT_BUYER_PAY: 'pending',
  WAIT_SELLER_SEND_GOODS: 'open',
  WAIT_BUYER_CONFIRM_GOODS: 'open',
  TRADE_FINISHED: 'completed',
  TRADE_CLOSED: 'cancelled',
};

const FULFILLMENT: Record<TradeStatus, string> = {
  WAIT_BUYER_PAY: 'unfulfilled',
  WAIT_SELLER_SEND_GOODS: 'unfulfilled',
  TRADE_CLOSED: 'unfulfilled',
  WAIT_BUYER_CONFIRM_GOODS: 'shipped',
  TRADE_FINISHED: 'delivered',
};

const REFUND: Record<RefundStatus, string> = {
  NO_REFUND: 'none',
  WAIT_SELLER_AGREE: 'requested',
  SUCCESS: 'refunded',
};

/** Maps one parsed export line. Throws on a status the tables do not know rather than writing null. */
export function toCanonicalOrder(order: ExportOrder): CanonicalOrder {
  const lifecycle = LIFECYCLE[order.status];
  const fulfillment = FULFILLMENT[order.status];
  const refund = REFUND[order.refund_status];
  // The lookups are typed total, but the input is JSON.parse output that nobody validated.
  if (lifecycle === undefined || fulfillment === undefined || refund === undefined) {
    throw new Error(
      `order ${order.order_no}: unknown status ${order.status} / refund_status ${order.refund_status}`,
    );
  }
  return {
    order_id: order.order_no,
    channel: order.shop,
    customer_name: order.buyer_nick,
    customer_phone: order.buyer_phone,
    lifecycle_status: lifecycle,
    payment_status: paymentStatus(order),
    fulfillment_status: fulfillment,
    refund_status: refund,
    total: order.payment,
    currency: order.currency,
    created_at: order.created,
    updated_at: order.modified,
    lines: order.items.map((i) => ({ sku: i.sku, title: i.title, quantity: i.qty, unit_price: i.price })),
  };
}

function paymentStatus(order: ExportOrder): string {
  if (order.refund_status === 'SUCCESS') return 'refunded';
  return order.status === 'WAIT_BUYER_PAY' || order.status === 'TRADE_CLOSED' ? 'unpaid' : 'paid';
}

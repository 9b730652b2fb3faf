/**
 * One order as a Chinese marketplace shop export writes it (Taobao/Tmall-style field names):
 * one JSON object per NDJSON line. `contracts/orders-export.schema.json` is the same shape as a
 * JSON Schema, for datong's file source.
 */
export interface ExportOrder {
  order_no: string;
  shop: string;
  buyer_nick: string;
  buyer_phone: string;
  status: TradeStatus;
  refund_status: RefundStatus;
  /** Decimal string with two places, e.g. "128.50": shops export money as text, never floats. */
  payment: string;
  currency: string;
  /** ISO-8601 with the +08:00 offset the platforms use. */
  created: string;
  modified: string;
  items: ExportOrderItem[];
}

export interface ExportOrderItem {
  sku: string;
  title: string;
  qty: number;
  price: string;
}

export const TRADE_STATUSES = [
  'WAIT_BUYER_PAY',
  'WAIT_SELLER_SEND_GOODS',
  'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_FINISHED',
  'TRADE_CLOSED',
] as const;
export type TradeStatus = (typeof TRADE_STATUSES)[number];

export const REFUND_STATUSES = ['NO_REFUND', 'WAIT_SELLER_AGREE', 'SUCCESS'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

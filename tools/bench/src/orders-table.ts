import type { CanonicalOrder } from './canonical-order.js';

/** The target table, in the column order the baselines write. */
export const ORDERS_TABLE = 'orders';

export const ORDER_COLUMNS = [
  'order_id',
  'channel',
  'customer_name',
  'customer_phone',
  'lifecycle_status',
  'payment_status',
  'fulfillment_status',
  'refund_status',
  'total',
  'currency',
  'created_at',
  'updated_at',
  'lines',
] as const satisfies readonly (keyof CanonicalOrder)[];

/**
 * The one definition of `orders`. The bench drops and recreates it before every contender,
 * datong included, so all of them write into the same shape.
 */
export const ORDERS_DDL = `
CREATE TABLE ${ORDERS_TABLE} (
  order_id           text PRIMARY KEY,
  channel            text NOT NULL,
  customer_name      text NOT NULL,
  customer_phone     text NOT NULL,
  lifecycle_status   text NOT NULL,
  payment_status     text NOT NULL,
  fulfillment_status text NOT NULL,
  refund_status      text NOT NULL,
  total              numeric NOT NULL,
  currency           text NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  lines              jsonb NOT NULL
)`;

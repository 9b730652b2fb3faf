import type { Address, WooCommerceOrder } from '../generated/order.js';
import { absDecimal, sumDecimals } from '../decimal.js';
import { canonicalStatuses } from '../status-map.js';
import { gmtIso, idText, type WooAddressJson, type WooOrderJson } from './woo-json.js';

const ADDRESS_FIELDS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'email', 'phone'] as const;

/** An address with WooCommerce's empty strings kept as they are and missing fields left out. */
export function toAddress(address: WooAddressJson | undefined): Address {
  const out: Address = {};
  for (const field of ADDRESS_FIELDS) if (address?.[field] !== undefined) out[field] = address[field];
  return out;
}

const orNull = (value: string | null | undefined): string | null => (value === undefined || value === '' ? null : value);

/**
 * The order record: WooCommerce's values in snake_case plus datong's canonical fields. A guest
 * order (customer_id 0) has customer_id null: billing.email is then its buyer's only identity.
 * Throws a `RecordError` (UNMAPPED_VALUE) when the status has no mapping.
 */
export function toOrderRecord(order: WooOrderJson): WooCommerceOrder {
  const refunds = order.refunds ?? [];
  const statuses = canonicalStatuses({
    status: order.status,
    datePaid: orNull(order.date_paid_gmt),
    dateCompleted: orNull(order.date_completed_gmt),
    refundTotals: refunds.map((r) => r.total),
  });
  const billing = toAddress(order.billing);
  const name = [billing.first_name, billing.last_name].filter((part) => part).join(' ');
  return {
    id: String(order.id),
    number: order.number ?? String(order.id),
    order_key: order.order_key ?? null,
    parent_id: String(order.parent_id ?? 0),
    created_via: order.created_via ?? null,
    status: order.status as WooCommerceOrder['status'],
    channel: 'woocommerce',
    currency: order.currency,
    total: order.total,
    total_tax: orNull(order.total_tax),
    shipping_total: orNull(order.shipping_total),
    discount_total: orNull(order.discount_total),
    total_refunded: refunds.length === 0 ? '0' : sumDecimals(refunds.map((r) => absDecimal(r.total))),
    created_at: gmtIso(order.date_created_gmt),
    updated_at: gmtIso(order.date_modified_gmt),
    paid_at: order.date_paid_gmt ? gmtIso(order.date_paid_gmt) : null,
    completed_at: order.date_completed_gmt ? gmtIso(order.date_completed_gmt) : null,
    date_created: order.date_created ?? null,
    date_created_gmt: order.date_created_gmt,
    date_modified: order.date_modified ?? null,
    date_modified_gmt: order.date_modified_gmt,
    date_paid_gmt: order.date_paid_gmt ?? null,
    date_completed_gmt: order.date_completed_gmt ?? null,
    customer_id: idText(order.customer_id),
    customer_email: orNull(billing.email),
    customer_phone: orNull(billing.phone),
    customer_name: name === '' ? null : name,
    customer_note: orNull(order.customer_note),
    payment_method: orNull(order.payment_method),
    payment_method_title: orNull(order.payment_method_title),
    transaction_id: orNull(order.transaction_id),
    billing,
    shipping: toAddress(order.shipping),
    line_items: (order.line_items ?? []).map((line) => ({
      id: String(line.id),
      name: line.name,
      product_id: idText(line.product_id),
      variation_id: idText(line.variation_id),
      sku: orNull(line.sku),
      quantity: line.quantity,
      price: line.price === undefined || line.price === null ? null : String(line.price),
      subtotal: orNull(line.subtotal),
      total: line.total,
      total_tax: orNull(line.total_tax),
    })),
    refunds: refunds.map((r) => ({ id: String(r.id), reason: orNull(r.reason), total: r.total })),
    ...statuses,
  };
}

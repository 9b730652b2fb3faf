import type { SeedPerson } from '@datong/sdk/emulator';
import { money, orderTotalCents, wooTime, type EmuCustomer, type EmuOrder, type EmuRefund } from './woo-data.js';

/** A person's address as WooCommerce's billing object (with email and phone) or shipping object. */
function address(person: SeedPerson, billing: boolean): Record<string, string> {
  const a = person.address;
  const out: Record<string, string> = {
    first_name: person.firstName, last_name: person.lastName, company: '', address_1: a.street, address_2: a.district ?? '',
    city: a.city, state: a.province, postcode: a.zip, country: a.countryCode,
  };
  if (billing) {
    out.email = person.email;
    out.phone = person.phone;
  } else {
    out.phone = '';
  }
  return out;
}

const time = (ms: number | null, offset: number): string | null => (ms === null ? null : wooTime(ms, offset));

/** An order as GET /wp-json/wc/v3/orders serves it (the fields datong reads, and some it does not). */
export function orderJson(order: EmuOrder, currency: string, offset: number, storeUrl: string): Record<string, unknown> {
  const totalCents = orderTotalCents(order);
  return {
    id: order.id, parent_id: 0, status: order.status, currency, version: '9.4.2', prices_include_tax: false,
    date_created: wooTime(order.createdMs, offset), date_modified: wooTime(order.modifiedMs, offset),
    discount_total: '0.00', discount_tax: '0.00', shipping_total: money(order.shippingCents), shipping_tax: '0.00', cart_tax: '0.00',
    total: money(totalCents), total_tax: '0.00', customer_id: order.customerId, order_key: order.orderKey,
    billing: address(order.buyer, true), shipping: address(order.buyer, false),
    payment_method: order.paymentMethod, payment_method_title: order.paymentMethodTitle, transaction_id: order.transactionId,
    customer_ip_address: '', customer_user_agent: '', created_via: 'checkout', customer_note: order.customerNote,
    date_completed: time(order.completedMs, offset), date_paid: time(order.paidMs, offset), cart_hash: '', number: String(order.id), meta_data: [],
    line_items: order.lines.map((line) => ({
      id: line.id, name: line.name, product_id: line.productId, variation_id: 0, quantity: line.quantity, tax_class: '',
      subtotal: money(line.priceCents * line.quantity), subtotal_tax: '0.00', total: money(line.priceCents * line.quantity), total_tax: '0.00',
      taxes: [], meta_data: [], sku: line.sku, price: line.priceCents / 100,
    })),
    tax_lines: [], shipping_lines: [], fee_lines: [], coupon_lines: [],
    refunds: order.refunds.map((r) => ({ id: r.id, reason: r.reason, total: money(-r.amountCents) })),
    payment_url: `${storeUrl}/checkout/order-pay/${order.id}/?pay_for_order=true&key=${order.orderKey}`, is_editable: order.status === 'pending',
    needs_payment: order.status === 'pending' || order.status === 'failed', needs_processing: true,
    date_created_gmt: wooTime(order.createdMs), date_modified_gmt: wooTime(order.modifiedMs),
    date_completed_gmt: time(order.completedMs, 0), date_paid_gmt: time(order.paidMs, 0), currency_symbol: currency === 'CNY' ? '¥' : '$',
    _links: { self: [{ href: `${storeUrl}/wp-json/wc/v3/orders/${order.id}` }], collection: [{ href: `${storeUrl}/wp-json/wc/v3/orders` }] },
  };
}

/** A customer as GET /wp-json/wc/v3/customers serves it. */
export function customerJson(customer: EmuCustomer, offset: number, paying: boolean): Record<string, unknown> {
  const p = customer.person;
  return {
    id: customer.id, date_created: wooTime(customer.createdMs, offset), date_created_gmt: wooTime(customer.createdMs),
    date_modified: wooTime(customer.modifiedMs, offset), date_modified_gmt: wooTime(customer.modifiedMs),
    email: p.email, first_name: p.firstName, last_name: p.lastName, role: customer.role, username: customer.username,
    billing: address(p, true), shipping: address(p, false), is_paying_customer: paying,
    avatar_url: 'https://secure.gravatar.com/avatar/?s=96&d=mm&r=g', meta_data: [],
  };
}

/** A refund as GET /wp-json/wc/v3/orders/{id}/refunds serves it. */
export function refundJson(refund: EmuRefund, order: EmuOrder, offset: number): Record<string, unknown> {
  const line = order.lines[0];
  return {
    id: refund.id, date_created: wooTime(refund.createdMs, offset), date_created_gmt: wooTime(refund.createdMs),
    amount: money(refund.amountCents), reason: refund.reason, refunded_by: 1, refunded_payment: refund.refundedPayment, meta_data: [],
    line_items: line ? [{ id: line.id + 100_000, name: line.name, product_id: line.productId, quantity: -1, total: money(-Math.min(refund.amountCents, line.priceCents)) }] : [],
  };
}

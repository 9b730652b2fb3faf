import type { ShopifyOrder } from '../generated/order.js';
import { canonicalStatuses } from '../status-map.js';
import { toAddress } from './address.js';
import { contactOf } from './contact-fields.js';
import type { FulfillmentNode, LineItemNode, Money, OrderNode, RefundNode } from './order-query.js';

const amount = (m: Money) => m.shopMoney.amount;
const maybe = (m: Money | null) => (m ? amount(m) : null);

/**
 * The order record: Shopify's values in snake_case plus the four canonical statuses. `lines`,
 * `refunds` and `fulfillments` are the complete lists (the page's, completed by follow-ups).
 * Throws a `RecordError` when a status has no mapping.
 */
export function toOrderRecord(node: OrderNode, lines: LineItemNode[], refunds: RefundNode[], fulfillments: FulfillmentNode[]): ShopifyOrder {
  const statuses = canonicalStatuses({
    displayFinancialStatus: node.displayFinancialStatus,
    displayFulfillmentStatus: node.displayFulfillmentStatus,
    cancelledAt: node.cancelledAt,
    closedAt: node.closedAt,
    fulfillments: fulfillments.map((f) => ({ status: f.status, deliveredAt: f.deliveredAt })),
    refunds: refunds.map((r) => ({ amount: amount(r.totalRefundedSet) })),
  });
  const contact = node.customer ? contactOf(node.customer) : { email: null, phone: null };
  return {
    id: node.id,
    legacy_id: node.legacyResourceId,
    name: node.name,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    processed_at: node.processedAt,
    cancelled_at: node.cancelledAt,
    cancel_reason: node.cancelReason as ShopifyOrder['cancel_reason'],
    closed: node.closed,
    closed_at: node.closedAt,
    confirmed: node.confirmed,
    test: node.test,
    display_financial_status: node.displayFinancialStatus as ShopifyOrder['display_financial_status'],
    display_fulfillment_status: node.displayFulfillmentStatus as ShopifyOrder['display_fulfillment_status'],
    email: node.email,
    phone: node.phone,
    customer_id: node.customer?.id ?? null,
    customer_name: node.customer?.displayName ?? null,
    customer_email: contact.email,
    customer_phone: contact.phone,
    currency_code: node.currencyCode,
    presentment_currency_code: node.presentmentCurrencyCode,
    total_price: amount(node.totalPriceSet),
    subtotal_price: maybe(node.subtotalPriceSet),
    total_tax: maybe(node.totalTaxSet),
    total_shipping: amount(node.totalShippingPriceSet),
    total_discounts: maybe(node.totalDiscountsSet),
    total_refunded: amount(node.totalRefundedSet),
    current_total_price: amount(node.currentTotalPriceSet),
    shipping_address: toAddress(node.shippingAddress),
    tags: node.tags,
    note: node.note,
    source_name: node.sourceName,
    line_items: lines.map((l) => ({
      id: l.id,
      title: l.title,
      name: l.name,
      sku: l.sku,
      variant_id: l.variant?.id ?? null,
      variant_title: l.variantTitle,
      vendor: l.vendor,
      quantity: l.quantity,
      current_quantity: l.currentQuantity,
      unit_price: amount(l.originalUnitPriceSet),
      total_discount: amount(l.totalDiscountSet),
      requires_shipping: l.requiresShipping,
    })),
    refunds: refunds.map((r) => ({ id: r.id, created_at: r.createdAt, note: r.note, total_refunded: amount(r.totalRefundedSet) })),
    fulfillments: fulfillments.map((f) => ({
      id: f.id,
      status: f.status as ShopifyOrder['fulfillments'][number]['status'],
      display_status: f.displayStatus,
      created_at: f.createdAt,
      delivered_at: f.deliveredAt,
    })),
    ...statuses,
  };
}

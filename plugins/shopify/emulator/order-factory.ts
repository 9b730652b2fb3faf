import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import type { SeededRandom } from '@datong/sdk';
import type { EmuAddress, EmuCustomer, EmuFulfillment, EmuLineItem, EmuOrder, EmuRefund } from './shop-data.js';
import { orderTotals } from './shop-data.js';

/** Every OrderDisplayFinancialStatus of API 2025-01, as shopify.dev lists them. */
export const FINANCIAL_STATUSES = ['PENDING', 'AUTHORIZED', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'VOIDED', 'PAID', 'REFUNDED', 'EXPIRED'];
/** Every OrderDisplayFulfillmentStatus of API 2025-01 (OPEN and PENDING_FULFILLMENT are deprecated but still served). */
export const FULFILLMENT_STATUSES = ['UNFULFILLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'RESTOCKED', 'PENDING_FULFILLMENT', 'OPEN', 'IN_PROGRESS', 'ON_HOLD', 'SCHEDULED', 'REQUEST_DECLINED'];

const HOUR = 3_600_000;
const PAID = new Set(['PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);
const CARRIERS = ['SF Express', 'UPS', 'USPS', 'Royal Mail', 'Canada Post', 'YTO Express'];

/** What an order will look like: its statuses and shape, decided before it is built. */
export interface OrderPlan {
  financial: string | null;
  fulfillment: string;
  cancelled: boolean;
  closed: boolean;
  lines: number;
  refunds: number;
}

/**
 * Builds coherent orders: line items priced from the seed, refunds that add up to the financial
 * status, fulfillments that match the fulfillment status, cancellations and closings, and every
 * moment between the order's creation and now.
 */
export class OrderFactory {
  constructor(
    private readonly random: SeededRandom,
    private readonly seed: SeedData,
    private readonly nextId: () => number,
  ) {}

  /**
   * The plan of the `index`-th seeded order. The first orders walk through every status value (and
   * a null financial status, an order with six refunds, one with 14 line items), so each appears
   * whatever the shop's size; the rest are drawn with realistic weights.
   */
  plan(index: number): OrderPlan {
    const r = this.random;
    const base: OrderPlan = {
      financial: r.weighted([['PAID', 50], ['PENDING', 8], ['AUTHORIZED', 5], ['PARTIALLY_PAID', 3], ['PARTIALLY_REFUNDED', 8], ['REFUNDED', 6], ['VOIDED', 3], ['EXPIRED', 2]] as const),
      fulfillment: r.weighted([['FULFILLED', 45], ['UNFULFILLED', 25], ['PARTIALLY_FULFILLED', 6], ['IN_PROGRESS', 5], ['ON_HOLD', 3], ['SCHEDULED', 2], ['REQUEST_DECLINED', 2], ['RESTOCKED', 3], ['OPEN', 1], ['PENDING_FULFILLMENT', 1]] as const),
      cancelled: r.next() < 0.07,
      closed: r.next() < 0.3,
      lines: r.weighted([[1, 40], [2, 30], [3, 15], [4, 8], [6, 4], [12, 3]] as const),
      refunds: r.weighted([[1, 80], [2, 20]] as const),
    };
    if (index < FINANCIAL_STATUSES.length) base.financial = FINANCIAL_STATUSES[index]!;
    if (index < FULFILLMENT_STATUSES.length) base.fulfillment = FULFILLMENT_STATUSES[index]!;
    if (index < FULFILLMENT_STATUSES.length) base.cancelled = false;
    if (index === 10) base.financial = null;
    if (index === 11) Object.assign(base, { financial: 'PARTIALLY_REFUNDED', refunds: 6, cancelled: false });
    if (index === 12) Object.assign(base, { lines: 14, cancelled: false });
    if (index === 13) Object.assign(base, { cancelled: true, financial: 'VOIDED', fulfillment: 'UNFULFILLED' });
    if (base.cancelled) {
      base.financial = PAID.has(base.financial ?? '') ? 'REFUNDED' : 'VOIDED';
      base.fulfillment = r.next() < 0.5 ? 'RESTOCKED' : 'UNFULFILLED';
    }
    return base;
  }

  /** Builds an order for `buyer` (a customer, or a guest person) created at `createdAt`, with events up to `now`. */
  build(plan: OrderPlan, number: number, buyer: { customer?: EmuCustomer; guest?: SeedPerson }, createdAt: number, now: number): EmuOrder {
    const r = this.random;
    const locale = buyer.customer?.locale ?? (buyer.guest?.locale === 'zh' ? 'zh-CN' : 'en');
    const lineItems: EmuLineItem[] = [];
    for (let i = 0; i < plan.lines; i++) lineItems.push(this.lineItem(locale.startsWith('zh') ? 'zh' : 'en', plan.financial === null));
    const address = buyer.customer?.address ?? (buyer.guest ? guestAddress(buyer.guest) : null);
    const order: EmuOrder = {
      id: this.nextId(),
      number,
      customerId: buyer.customer?.id ?? null,
      email: buyer.customer?.email ?? buyer.guest?.email ?? null,
      phone: buyer.customer?.phone ?? buyer.guest?.phone ?? null,
      locale,
      presentmentCurrency: buyer.customer?.currency ?? buyer.guest?.currency ?? 'USD',
      createdAt,
      updatedAt: createdAt,
      processedAt: createdAt,
      cancelledAt: null,
      cancelReason: null,
      closedAt: null,
      confirmed: true,
      test: r.next() < 0.02,
      financialStatus: plan.financial,
      fulfillmentStatus: plan.fulfillment,
      lineItems,
      shippingCents: plan.financial === null ? 0 : r.pick([0, 0, 500, 800, 1200]),
      taxCents: 0,
      refunds: [],
      fulfillments: [],
      tags: r.next() < 0.2 ? [r.pick(['gift', 'wholesale', '加急', 'repeat'])] : [],
      note: r.next() < 0.1 ? r.pick(['Please ring the bell', '请放快递柜', 'Gift wrap, no invoice']) : null,
      sourceName: r.weighted([['web', 70], ['shopify_draft_order', 10], ['pos', 10], ['iphone', 10]] as const),
      shippingAddress: lineItems.some((l) => l.requiresShipping) ? address : null,
      billingAddress: address,
    };
    order.taxCents = Math.round(orderTotals(order).subtotal * r.pick([0, 0, 0.06, 0.08, 0.13]));
    let t = createdAt;
    const later = (maxHours: number) => (t = Math.min(now, t + this.seed.moment(HOUR / 4, maxHours * HOUR)));
    if (plan.fulfillment === 'FULFILLED' || plan.fulfillment === 'PARTIALLY_FULFILLED') {
      const count = plan.fulfillment === 'FULFILLED' && lineItems.length > 1 && r.next() < 0.3 ? 2 : 1;
      for (let i = 0; i < count; i++) order.fulfillments.push(this.fulfillment(order, later(48), now, plan.fulfillment === 'PARTIALLY_FULFILLED'));
    }
    if (plan.financial === 'PARTIALLY_REFUNDED' || plan.financial === 'REFUNDED') {
      const total = orderTotals(order).total;
      const target = plan.financial === 'REFUNDED' ? total : Math.max(plan.refunds, Math.round(total * (0.1 + r.next() * 0.4)));
      for (let i = 0; i < plan.refunds; i++) {
        const share = i === plan.refunds - 1 ? target - order.refunds.reduce((s, x) => s + x.amountCents, 0) : Math.floor(target / plan.refunds);
        order.refunds.push(this.refund(order, later(72), share));
      }
    }
    if (plan.cancelled) {
      order.cancelledAt = later(24);
      order.cancelReason = r.pick(['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'STAFF', 'OTHER'] as const);
      order.closedAt = order.cancelledAt;
    } else if (plan.closed && plan.fulfillment === 'FULFILLED' && PAID.has(plan.financial ?? '')) {
      order.closedAt = later(240);
    }
    order.updatedAt = t;
    return order;
  }

  /** Adds a refund of `cents` at `at` (a partial refund unless it covers what is left). */
  refund(order: EmuOrder, at: number, cents: number): EmuRefund {
    const line = this.random.pick(order.lineItems);
    const refund: EmuRefund = {
      id: this.nextId(),
      createdAt: at,
      updatedAt: at,
      note: this.random.next() < 0.5 ? this.random.pick(['damaged in transit', '尺码不合适', 'customer changed mind']) : null,
      amountCents: Math.max(0, cents),
      lines: line.currentQuantity > 0 ? [{ lineItemId: line.id, quantity: 1, restockType: 'RETURN' }] : [],
    };
    if (line.currentQuantity > 0) line.currentQuantity -= 1;
    return refund;
  }

  /** A successful fulfillment at `at`, delivered later more often than not. */
  fulfillment(order: EmuOrder, at: number, now: number, partial: boolean): EmuFulfillment {
    const r = this.random;
    const items = order.lineItems.reduce((s, l) => s + l.quantity, 0);
    const deliveredAt = !partial && r.next() < 0.6 ? Math.min(now, at + this.seed.moment(12 * HOUR, 96 * HOUR)) : null;
    return {
      id: this.nextId(),
      status: 'SUCCESS',
      displayStatus: deliveredAt !== null ? 'DELIVERED' : r.pick(['IN_TRANSIT', 'FULFILLED', 'OUT_FOR_DELIVERY', 'LABEL_PRINTED']),
      createdAt: at,
      updatedAt: deliveredAt ?? at,
      deliveredAt,
      quantity: partial ? Math.max(1, Math.floor(items / 2)) : items,
      trackingCompany: r.pick(CARRIERS),
      trackingNumber: `${r.pick(['SF', '1Z', 'YT', 'RM'])}${r.int(100_000_000, 999_999_999)}`,
    };
  }

  private lineItem(locale: 'zh' | 'en', free: boolean): EmuLineItem {
    const r = this.random;
    const quantity = r.weighted([[1, 70], [2, 20], [3, 10]] as const);
    const unitCents = free ? 0 : Math.round(Number(this.seed.money(9.9, 399)) * 100);
    const digital = r.next() < 0.05;
    const variantTitle = r.next() < 0.6 ? r.pick(['S', 'M', 'L', 'XL', 'Black', 'White', '红色', '蓝色']) : null;
    return {
      id: this.nextId(),
      productId: this.nextId(),
      variantId: r.next() < 0.95 ? this.nextId() : null,
      title: this.seed.productTitle(locale),
      variantTitle,
      sku: r.next() < 0.9 ? `SKU-${r.int(10_000, 99_999)}` : null,
      vendor: r.pick(['Datong Goods', '大通优选', 'Northwind']),
      quantity,
      currentQuantity: quantity,
      unitCents,
      discountCents: r.next() < 0.15 ? Math.round(unitCents * quantity * 0.1) : 0,
      requiresShipping: !digital,
      taxable: true,
    };
  }
}

/** A guest buyer's address, from a seeded person. */
export function guestAddress(person: SeedPerson): EmuAddress {
  return personAddress(person);
}

/** A seeded person's address in Shopify's fields (district folded into address2, as Chinese shops do). */
export function personAddress(person: SeedPerson): EmuAddress {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    company: null,
    address1: person.address.street,
    address2: person.address.district ?? null,
    city: person.address.city,
    province: person.address.province,
    provinceCode: null,
    country: person.address.country,
    countryCode: person.address.countryCode,
    zip: person.address.zip,
    phone: person.phone,
  };
}

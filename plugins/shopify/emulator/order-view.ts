import { paginate, type ConnectionArgs } from './connection.js';
import { CustomerView } from './customer-view.js';
import { orderTotals, type EmuFulfillment, type EmuLineItem, type EmuOrder, type EmuRefund } from './shop-data.js';
import { addressView, connectionOf, decimal, gid, iso, moneyBag, moneyV2, type ViewContext } from './view-support.js';

/** An Order as the GraphQL Admin API shows it; fields with arguments are methods. */
export class OrderView {
  readonly __typename = 'Order';

  constructor(
    private readonly o: EmuOrder,
    private readonly ctx: ViewContext,
  ) {}

  private bag(cents: number) {
    return moneyBag(cents, this.ctx.store.shop.currency, this.o.presentmentCurrency);
  }

  get id() { return gid('Order', this.o.id); }
  get legacyResourceId() { return String(this.o.id); }
  get name() { return `#${this.o.number}`; }
  get createdAt() { return iso(this.o.createdAt); }
  get updatedAt() { return iso(this.o.updatedAt); }
  get processedAt() { return iso(this.o.processedAt); }
  get cancelledAt() { return iso(this.o.cancelledAt); }
  get cancelReason() { return this.o.cancelReason; }
  get closed() { return this.o.closedAt !== null; }
  get closedAt() { return iso(this.o.closedAt); }
  get confirmed() { return this.o.confirmed; }
  get test() { return this.o.test; }
  get displayFinancialStatus() { return this.o.financialStatus; }
  get displayFulfillmentStatus() { return this.o.fulfillmentStatus; }
  get email() { return this.o.email; }
  get phone() { return this.o.phone; }
  get customerLocale() { return this.o.locale; }
  get currencyCode() { return this.ctx.store.shop.currency; }
  get presentmentCurrencyCode() { return this.o.presentmentCurrency; }
  get tags() { return this.o.tags; }
  get note() { return this.o.note; }
  get sourceName() { return this.o.sourceName; }
  get discountCodes() { return this.o.lineItems.some((l) => l.discountCents > 0) ? ['WELCOME10'] : []; }
  get taxesIncluded() { return false; }
  get shippingAddress() { return addressView(this.o.shippingAddress, this.o.id + 1); }
  get billingAddress() { return addressView(this.o.billingAddress, this.o.id + 2); }

  get customer() {
    const customer = this.o.customerId === null ? undefined : this.ctx.store.customer(this.o.customerId);
    return customer ? new CustomerView(customer, this.ctx) : null;
  }

  get totalPriceSet() { return this.bag(orderTotals(this.o).total); }
  get subtotalPriceSet() { return this.bag(orderTotals(this.o).subtotal); }
  get totalTaxSet() { return this.bag(this.o.taxCents); }
  get totalShippingPriceSet() { return this.bag(this.o.shippingCents); }
  get totalDiscountsSet() { return this.bag(orderTotals(this.o).discounts); }
  get totalRefundedSet() { return this.bag(orderTotals(this.o).refunded); }
  get currentTotalPriceSet() { const t = orderTotals(this.o); return this.bag(Math.max(0, t.total - t.refunded)); }
  get currentSubtotalPriceSet() { const t = orderTotals(this.o); return this.bag(Math.max(0, t.subtotal - t.refunded)); }
  get currentTotalTaxSet() { return this.bag(this.o.taxCents); }
  get totalPrice() { return decimal(orderTotals(this.o).total); }
  get subtotalPrice() { return decimal(orderTotals(this.o).subtotal); }
  get totalTax() { return decimal(this.o.taxCents); }
  get totalShippingPrice() { return decimal(this.o.shippingCents); }
  get totalRefunded() { return decimal(orderTotals(this.o).refunded); }

  lineItems(args: ConnectionArgs) {
    const page = paginate(this.ctx.kit, { items: this.o.lineItems, id: (l) => l.id, sortValue: (l) => l.id }, args, this.ctx.served);
    return connectionOf(page, (l) => new LineItemView(l, this.o, this.ctx));
  }

  refunds({ first }: { first?: number | null }) {
    return this.o.refunds.slice(0, first ?? undefined).map((r) => new RefundView(r, this.o, this.ctx));
  }

  fulfillments({ first }: { first?: number | null }) {
    return this.o.fulfillments.slice(0, first ?? undefined).map((f, i) => new FulfillmentView(f, `#${this.o.number}-F${i + 1}`));
  }
}

/** A LineItem, with its variant and product. */
export class LineItemView {
  readonly __typename = 'LineItem';

  constructor(
    private readonly l: EmuLineItem,
    private readonly o: EmuOrder,
    private readonly ctx: ViewContext,
  ) {}

  private bag(cents: number) {
    return moneyBag(cents, this.ctx.store.shop.currency, this.o.presentmentCurrency);
  }

  get id() { return gid('LineItem', this.l.id); }
  get title() { return this.l.title; }
  get name() { return this.l.variantTitle ? `${this.l.title} - ${this.l.variantTitle}` : this.l.title; }
  get quantity() { return this.l.quantity; }
  get currentQuantity() { return this.l.currentQuantity; }
  get sku() { return this.l.sku; }
  get vendor() { return this.l.vendor; }
  get variantTitle() { return this.l.variantTitle; }
  get requiresShipping() { return this.l.requiresShipping; }
  get taxable() { return this.l.taxable; }
  get originalUnitPriceSet() { return this.bag(this.l.unitCents); }
  get discountedUnitPriceSet() { return this.bag(Math.round((this.l.unitCents * this.l.quantity - this.l.discountCents) / this.l.quantity)); }
  get originalTotalSet() { return this.bag(this.l.unitCents * this.l.quantity); }
  get totalDiscountSet() { return this.bag(this.l.discountCents); }
  discountedTotalSet() { return this.bag(this.l.unitCents * this.l.quantity - this.l.discountCents); }

  get product() {
    return { __typename: 'Product', id: gid('Product', this.l.productId), legacyResourceId: String(this.l.productId), title: this.l.title, handle: `product-${this.l.productId}` };
  }

  get variant() {
    if (this.l.variantId === null) return null;
    return {
      __typename: 'ProductVariant', id: gid('ProductVariant', this.l.variantId), legacyResourceId: String(this.l.variantId), sku: this.l.sku,
      title: this.l.variantTitle ?? 'Default Title', price: decimal(this.l.unitCents), product: this.product,
    };
  }
}

/** A Refund of an order. */
export class RefundView {
  readonly __typename = 'Refund';

  constructor(
    private readonly r: EmuRefund,
    private readonly o: EmuOrder,
    private readonly ctx: ViewContext,
  ) {}

  get id() { return gid('Refund', this.r.id); }
  get legacyResourceId() { return String(this.r.id); }
  get createdAt() { return iso(this.r.createdAt); }
  get updatedAt() { return iso(this.r.updatedAt); }
  get note() { return this.r.note; }
  get order() { return new OrderView(this.o, this.ctx); }
  get totalRefundedSet() { return moneyBag(this.r.amountCents, this.ctx.store.shop.currency, this.o.presentmentCurrency); }
  get totalRefunded() { return moneyV2(this.r.amountCents, this.ctx.store.shop.currency); }

  refundLineItems(args: ConnectionArgs) {
    const lines = this.r.lines.map((line, i) => ({ ...line, id: this.r.id * 100 + i }));
    const page = paginate(this.ctx.kit, { items: lines, id: (l) => l.id, sortValue: (l) => l.id }, args, this.ctx.served);
    return connectionOf(page, (line) => {
      const item = this.o.lineItems.find((l) => l.id === line.lineItemId)!;
      const bag = (cents: number) => moneyBag(cents, this.ctx.store.shop.currency, this.o.presentmentCurrency);
      return {
        id: gid('RefundLineItem', line.id), lineItem: new LineItemView(item, this.o, this.ctx), quantity: line.quantity,
        restockType: line.restockType, restocked: line.restockType !== 'NO_RESTOCK', priceSet: bag(item.unitCents),
        subtotalSet: bag(item.unitCents * line.quantity), totalTaxSet: bag(0), price: decimal(item.unitCents),
        subtotal: decimal(item.unitCents * line.quantity), totalTax: '0.00',
      };
    });
  }
}

/** A Fulfillment, with its tracking. */
export class FulfillmentView {
  readonly __typename = 'Fulfillment';

  constructor(
    private readonly f: EmuFulfillment,
    readonly name: string,
  ) {}

  get id() { return gid('Fulfillment', this.f.id); }
  get legacyResourceId() { return String(this.f.id); }
  get status() { return this.f.status; }
  get displayStatus() { return this.f.displayStatus; }
  get createdAt() { return iso(this.f.createdAt); }
  get updatedAt() { return iso(this.f.updatedAt); }
  get deliveredAt() { return iso(this.f.deliveredAt); }
  get totalQuantity() { return this.f.quantity; }

  trackingInfo({ first }: { first?: number | null }) {
    if (!this.f.trackingNumber) return [];
    return [{ company: this.f.trackingCompany, number: this.f.trackingNumber, url: `https://track.example.com/${this.f.trackingNumber}` }].slice(0, first ?? undefined);
  }
}

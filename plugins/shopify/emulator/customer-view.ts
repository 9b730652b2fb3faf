import { paginate, type ConnectionArgs } from './connection.js';
import { OrderView } from './order-view.js';
import { orderSort } from './search-fields.js';
import { orderTotals, type EmuCustomer, type EmuOrder } from './shop-data.js';
import { addressView, connectionOf, gid, iso, moneyV2, type ViewContext } from './view-support.js';

const PAID = new Set(['PAID', 'PARTIALLY_PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);

/** A Customer as the GraphQL Admin API shows it. `defaultEmailAddress`/`defaultPhoneNumber` exist in the 2025-04 schema only. */
export class CustomerView {
  readonly __typename = 'Customer';

  constructor(
    private readonly c: EmuCustomer,
    private readonly ctx: ViewContext,
  ) {}

  private orderList(): EmuOrder[] {
    return this.ctx.store.ordersOf(this.c.id);
  }

  get id() { return gid('Customer', this.c.id); }
  get legacyResourceId() { return String(this.c.id); }
  get firstName() { return this.c.firstName; }
  get lastName() { return this.c.lastName; }
  get displayName() { return `${this.c.firstName} ${this.c.lastName}`.trim() || this.c.email || this.c.phone || 'Unknown'; }
  get email() { return this.c.email; }
  get phone() { return this.c.phone; }
  get createdAt() { return iso(this.c.createdAt); }
  get updatedAt() { return iso(this.c.updatedAt); }
  get state() { return this.c.state; }
  get tags() { return this.c.tags; }
  get note() { return this.c.note; }
  get verifiedEmail() { return this.c.verifiedEmail; }
  get validEmailAddress() { return this.c.email !== null; }
  get taxExempt() { return this.c.taxExempt; }
  get taxExemptions() { return []; }
  get locale() { return this.c.locale; }
  get numberOfOrders() { return String(this.orderList().length); }
  get defaultAddress() { return addressView(this.c.address, this.c.id + 3); }
  addresses({ first }: { first?: number | null }) { return this.c.address ? [this.defaultAddress].slice(0, first ?? undefined) : []; }

  get amountSpent() {
    const cents = this.orderList()
      .filter((o) => PAID.has(o.financialStatus ?? ''))
      .reduce((sum, o) => { const t = orderTotals(o); return sum + t.total - t.refunded; }, 0);
    return moneyV2(cents, this.ctx.store.shop.currency);
  }

  get lastOrder() {
    const list = this.orderList();
    const last = list[list.length - 1];
    return last ? new OrderView(last, this.ctx) : null;
  }

  get lifetimeDuration() {
    const days = Math.floor((this.ctx.kit.now() - this.c.createdAt) / 86_400_000);
    return days < 1 ? 'less than a day' : days < 30 ? `${days} days` : `about ${Math.round(days / 30)} months`;
  }

  get emailMarketingConsent() {
    if (!this.c.email) return null;
    return { consentUpdatedAt: iso(this.c.createdAt), marketingOptInLevel: 'SINGLE_OPT_IN', marketingState: this.c.emailMarketing };
  }

  get smsMarketingConsent() {
    if (!this.c.phone) return null;
    return { consentCollectedFrom: 'SHOPIFY', consentUpdatedAt: iso(this.c.createdAt), marketingOptInLevel: 'UNKNOWN', marketingState: 'NOT_SUBSCRIBED' };
  }

  get defaultEmailAddress() {
    if (!this.c.email) return null;
    const link = `https://${this.ctx.store.shop.handle}.myshopify.com/unsubscribe?c=${this.c.id}`;
    return { emailAddress: this.c.email, marketingState: this.c.emailMarketing, marketingUnsubscribeUrl: link, openTrackingLevel: 'UNKNOWN', openTrackingUrl: link };
  }

  get defaultPhoneNumber() {
    return this.c.phone ? { phoneNumber: this.c.phone, marketingState: 'NOT_SUBSCRIBED' } : null;
  }

  addressesV2(args: ConnectionArgs) {
    const list = this.c.address ? [{ id: this.c.id + 3, address: this.c.address }] : [];
    return connectionOf(paginate(this.ctx.kit, { items: list, id: (a) => a.id, sortValue: (a) => a.id }, args, this.ctx.served), (a) => addressView(a.address, a.id));
  }

  orders(args: ConnectionArgs & { sortKey?: string }) {
    const page = paginate(this.ctx.kit, { items: this.orderList(), id: (o) => o.id, sortValue: orderSort(args.sortKey ?? 'ID') }, args, this.ctx.served);
    return connectionOf(page, (o) => new OrderView(o, this.ctx));
  }
}

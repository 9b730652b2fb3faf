import { createHash } from 'node:crypto';
import type { SeededRandom } from '@datong/sdk';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import { NEXT_STATUS, ORDER_STATUSES, PAID_STATUSES } from './order-statuses.js';
import { orderTotalCents, type EmuCustomer, type EmuOrder, type EmuRefund } from './woo-data.js';

const DAY = 86_400_000;

export interface WooStoreOptions {
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  orders: number;
  customers: number;
  /** People who also shop elsewhere: the first buyers.length orders are theirs, in order. */
  buyers: SeedPerson[];
  /** Salt of the buyers' customer ids (the store's consumer key), so the same person gets the same id. */
  idSalt: string;
}

/** One change for the webhooks: which resource, which event. */
export interface StoreChange {
  resource: 'order' | 'customer';
  event: 'created' | 'updated';
  id: number;
}

/** What a mutate did, by id. */
export interface MutationSummary {
  ordersChanged: number[];
  ordersAdded: number[];
  refundsAdded: number[];
  customersChanged: number[];
  changes: StoreChange[];
}

const GATEWAYS = [['bacs', 'Direct bank transfer'], ['stripe', 'Credit Card (Stripe)'], ['ppcp-gateway', 'PayPal'], ['cod', 'Cash on delivery']] as const;

/**
 * The emulated store's data in memory: registered customers, orders (a quarter by guests) over the
 * last 60 days in every status, refunds, and `mutate`, which moves orders along as buyers and
 * merchants do, refunds some, adds orders and edits customers, all stamped with the clock's now.
 */
export class WooStore {
  readonly customers: EmuCustomer[] = [];
  readonly orders: EmuOrder[] = [];
  private nextPostId: number;
  private nextUserId = 2;
  private nextLineId = 1;
  private readonly usedUserIds = new Set<number>([1]);

  constructor(private readonly options: WooStoreOptions) {
    const r = options.random;
    this.nextPostId = r.int(1000, 3000);
    const now = this.stamp();
    for (const person of options.buyers) this.addCustomer(person, now - r.int(30, 80) * DAY, this.buyerId(person));
    for (let i = 0; i < options.customers; i++) this.addCustomer(options.seed.person(), options.seed.moment(now - 80 * DAY, now - 2 * DAY));
    for (let i = 0; i < options.orders; i++) this.seedOrder(i, now);
    // WordPress lists by post id; seeded orders were made in creation order.
    this.orders.sort((a, b) => a.createdMs - b.createdMs || a.id - b.id);
  }

  order(id: number): EmuOrder | undefined {
    return this.orders.find((o) => o.id === id);
  }

  customer(id: number): EmuCustomer | undefined {
    return this.customers.find((c) => c.id === id);
  }

  /** Every refund, oldest first. */
  refunds(): EmuRefund[] {
    return this.orders.flatMap((o) => o.refunds);
  }

  /** Changes `orders` orders (status and modified time), adds one order, refunds one, edits `customers` customers. */
  mutate(counts: { orders?: number; customers?: number } = {}): MutationSummary {
    const now = this.stamp();
    const r = this.options.random;
    const summary: MutationSummary = { ordersChanged: [], ordersAdded: [], refundsAdded: [], customersChanged: [], changes: [] };
    const movable = this.orders.filter((o) => NEXT_STATUS[o.status] !== o.status || o.status === 'completed');
    for (const order of shuffled(r, movable).slice(0, counts.orders ?? 5)) {
      this.advance(order, now, summary);
      summary.ordersChanged.push(order.id);
    }
    if (summary.refundsAdded.length === 0) {
      const paid = this.orders.filter((o) => (o.status === 'processing' || o.status === 'completed') && this.refundable(o) > 100);
      const order = paid.length > 0 ? r.pick(paid) : undefined;
      if (order) {
        this.refund(order, Math.floor(this.refundable(order) / 2), now, summary);
        if (!summary.ordersChanged.includes(order.id)) summary.ordersChanged.push(order.id);
      }
    }
    const added = this.newOrder(now, r.next() < 0.3 ? 0 : r.pick(this.customers).id, 'processing');
    this.orders.push(added);
    summary.ordersAdded.push(added.id);
    summary.changes.push({ resource: 'order', event: 'created', id: added.id });
    for (const id of summary.ordersChanged) summary.changes.push({ resource: 'order', event: 'updated', id });
    for (const customer of shuffled(r, this.customers).slice(0, counts.customers ?? 2)) {
      const city = r.pick(['Hangzhou', 'Shenzhen', 'Portland', 'Leeds', 'Toronto']);
      customer.person = { ...customer.person, address: { ...customer.person.address, city } };
      customer.modifiedMs = now;
      summary.customersChanged.push(customer.id);
      summary.changes.push({ resource: 'customer', event: 'updated', id: customer.id });
    }
    return summary;
  }

  /** Sets an order's status as a plugin of the store might (a custom status too); modified moves. */
  setStatus(id: number, status: string): EmuOrder {
    const order = this.order(id);
    if (!order) throw new Error(`no order ${id}`);
    order.status = status;
    order.modifiedMs = this.stamp();
    return order;
  }

  /** Now in whole seconds: WooCommerce stores times to the second. */
  stamp(): number {
    return Math.floor(this.options.now() / 1000) * 1000;
  }

  private advance(order: EmuOrder, now: number, summary: MutationSummary): void {
    if (order.status === 'completed') {
      const left = this.refundable(order);
      this.refund(order, left, now, summary);
      return;
    }
    order.status = NEXT_STATUS[order.status] ?? order.status;
    if (PAID_STATUSES.has(order.status) && order.paidMs === null) order.paidMs = now;
    if (order.status === 'completed') order.completedMs = now;
    order.modifiedMs = now;
  }

  private refundable(order: EmuOrder): number {
    return orderTotalCents(order) - order.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  }

  private refund(order: EmuOrder, cents: number, now: number, summary: MutationSummary): void {
    if (cents <= 0) return;
    const refund: EmuRefund = {
      id: this.postId(), orderId: order.id, createdMs: now, amountCents: cents,
      reason: this.options.random.pick(['', 'Damaged in transit', '尺码不合适', 'Customer changed their mind']), refundedPayment: order.paymentMethod !== 'bacs',
    };
    order.refunds.push(refund);
    if (this.refundable(order) === 0) order.status = 'refunded';
    order.modifiedMs = now;
    summary.refundsAdded.push(refund.id);
  }

  private seedOrder(index: number, now: number): void {
    const r = this.options.random;
    const buyer = this.options.buyers[index];
    let customerId = 0;
    if (buyer !== undefined) customerId = this.customers[index]!.id;
    else if (r.next() >= 0.25 && this.customers.length > 0) customerId = r.pick(this.customers).id;
    // The first orders after the buyers' take every status in turn, so each is served.
    const turn = index - this.options.buyers.length;
    const status = turn >= 0 && turn < ORDER_STATUSES.length ? ORDER_STATUSES[turn]! : r.weighted([
      ['completed', 40], ['processing', 20], ['pending', 8], ['on-hold', 8], ['cancelled', 6], ['refunded', 5], ['failed', 5], ['checkout-draft', 3], ['trash', 2],
    ] as const);
    const created = this.options.seed.moment(now - 60 * DAY, now - DAY);
    const order = this.newOrder(created, customerId, status);
    order.modifiedMs = Math.min(now - 60_000, created + r.int(0, 5 * DAY));
    order.modifiedMs -= order.modifiedMs % 1000;
    if (PAID_STATUSES.has(status) || (status === 'trash' && r.next() < 0.5)) order.paidMs = created + r.int(60, 3600) * 1000;
    if (status === 'completed' || (status === 'refunded' && r.next() < 0.5)) order.completedMs = Math.min(order.modifiedMs, created + 2 * DAY);
    if (status === 'refunded') this.seedRefund(order, this.refundable(order));
    else if (status === 'completed' && r.next() < 0.2) this.seedRefund(order, Math.floor(this.refundable(order) / 3));
    this.orders.push(order);
  }

  private seedRefund(order: EmuOrder, cents: number): void {
    if (cents <= 0) return;
    order.refunds.push({ id: this.postId(), orderId: order.id, createdMs: order.modifiedMs, amountCents: cents, reason: 'Returned', refundedPayment: true });
  }

  private newOrder(created: number, customerId: number, status: string): EmuOrder {
    const r = this.options.random;
    const seed = this.options.seed;
    const customer = customerId === 0 ? undefined : this.customer(customerId);
    const buyer = customer?.person ?? seed.person();
    const gateway = r.pick(GATEWAYS);
    const lines = Array.from({ length: r.int(1, 3) }, () => ({
      id: this.nextLineId++, productId: r.int(10, 400), name: seed.productTitle(buyer.locale), sku: `SKU-${r.int(1000, 9999)}`,
      quantity: r.int(1, 3), priceCents: Math.round(Number(seed.money(5, 240)) * 100),
    }));
    const paid = PAID_STATUSES.has(status);
    return {
      id: this.postId(), orderKey: `wc_order_${createHash('sha1').update(`${created}:${this.nextPostId}`).digest('hex').slice(0, 13)}`,
      status, createdMs: created, modifiedMs: created, paidMs: paid ? created : null, completedMs: null, customerId, buyer, lines,
      shippingCents: r.pick([0, 500, 800, 1200]), refunds: [], paymentMethod: gateway[0], paymentMethodTitle: gateway[1],
      transactionId: paid && gateway[0] !== 'bacs' && gateway[0] !== 'cod' ? `txn_${r.int(100_000_000, 999_999_999)}` : '', customerNote: '',
    };
  }

  private addCustomer(person: SeedPerson, created: number, id?: number): void {
    const userId = id ?? this.userId();
    this.usedUserIds.add(userId);
    const username = person.email.slice(0, person.email.indexOf('@')).replace(/[^a-z0-9._-]/gi, '') || `user${userId}`;
    this.customers.push({ id: userId, person, username, role: 'customer', createdMs: created, modifiedMs: created });
  }

  /** A buyer's user id from their phone and the store's key: the same person, the same id, in every run. */
  private buyerId(person: SeedPerson): number {
    const hash = createHash('sha256').update(`${person.phone}|${this.options.idSalt}`).digest();
    let id = 100 + (hash.readUInt32BE(0) % 900_000);
    while (this.usedUserIds.has(id)) id += 1;
    return id;
  }

  private userId(): number {
    while (this.usedUserIds.has(this.nextUserId)) this.nextUserId += 1;
    return this.nextUserId++;
  }

  private postId(): number {
    this.nextPostId += this.options.random.int(1, 3);
    return this.nextPostId;
  }
}

/** A seeded shuffle (Fisher-Yates) of a copy. */
function shuffled<T>(random: SeededRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

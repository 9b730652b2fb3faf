import type { SeededRandom } from '@datong/sdk';
import type { SeedData } from '@datong/sdk/emulator';
import { OrderFactory, personAddress } from './order-factory.js';
import { orderTotals, type EmuCustomer, type EmuOrder, type EmuShop } from './shop-data.js';

const DAY = 86_400_000;

export interface ShopStoreOptions {
  shop: EmuShop;
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  customers: number;
  orders: number;
}

/** What a `mutate` did, by id. */
export interface MutationSummary {
  ordersChanged: number[];
  ordersAdded: number[];
  customersChanged: number[];
  customersAdded: number[];
}

/**
 * The emulated shop's data in memory: customers and orders seeded over the last 90 days, and
 * `mutate`, which moves some orders along (paid, fulfilled, delivered, refunded), edits some
 * customers, and adds new ones of each, all stamped `updatedAt = now`.
 */
export class ShopStore {
  readonly shop: EmuShop;
  readonly customers: EmuCustomer[] = [];
  readonly orders: EmuOrder[] = [];
  private readonly customerIndex = new Map<number, EmuCustomer>();
  private readonly orderIndex = new Map<number, EmuOrder>();
  private readonly factory: OrderFactory;
  private lastId: number;
  private nextNumber = 1001;

  constructor(private readonly options: ShopStoreOptions) {
    this.shop = options.shop;
    // Shopify ids are large and increasing; one sequence for every kind of record keeps them unique.
    this.lastId = options.random.int(5_000_000_000_000, 6_000_000_000_000);
    this.factory = new OrderFactory(options.random, options.seed, () => (this.lastId += options.random.int(1, 97)));
    const now = this.stamp();
    for (let i = 0; i < options.customers; i++) this.addCustomer(this.options.seed.moment(now - 90 * DAY, now - 2 * DAY), now);
    for (let i = 0; i < options.orders; i++) this.addOrder(i, now - 90 * DAY, now);
  }

  customer(id: number): EmuCustomer | undefined {
    return this.customerIndex.get(id);
  }

  order(id: number): EmuOrder | undefined {
    return this.orderIndex.get(id);
  }

  /** The customer's orders, oldest first. */
  ordersOf(customerId: number): EmuOrder[] {
    return this.orders.filter((o) => o.customerId === customerId);
  }

  /**
   * Edits one customer as the shop's admin (or an import from a legacy system) would: the given
   * fields change and updatedAt moves. `index` picks the customer by position when no `id` is given.
   */
  editCustomer(patch: { id?: number; index?: number; email?: string | null; phone?: string | null; firstName?: string; lastName?: string }): EmuCustomer {
    const customer = patch.id !== undefined ? this.customerIndex.get(patch.id) : this.customers[patch.index ?? 0];
    if (!customer) throw new Error(`no customer ${patch.id ?? `at index ${patch.index ?? 0}`}`);
    for (const field of ['email', 'phone', 'firstName', 'lastName'] as const) {
      if (patch[field] !== undefined) (customer as unknown as Record<string, unknown>)[field] = patch[field];
    }
    customer.updatedAt = this.stamp();
    return customer;
  }

  /** Changes `orders` orders and `customers` customers, and adds half as many of each (at least one). */
  mutate(counts: { orders?: number; customers?: number } = {}): MutationSummary {
    const now = this.stamp();
    const summary: MutationSummary = { ordersChanged: [], ordersAdded: [], customersChanged: [], customersAdded: [] };
    const r = this.options.random;
    for (const order of this.sample(this.orders, counts.orders ?? 5)) {
      this.advance(order, now);
      summary.ordersChanged.push(order.id);
    }
    for (const customer of this.sample(this.customers, counts.customers ?? 3)) {
      customer.tags = [...new Set([...customer.tags, r.pick(['VIP', 'newsletter', '回头客', 'wholesale'])])];
      customer.note = r.pick(['Prefers SMS', '电话联系前请先发短信', 'Asked for an invoice', null]);
      customer.updatedAt = now;
      summary.customersChanged.push(customer.id);
    }
    for (let i = 0; i < Math.max(1, Math.ceil((counts.customers ?? 3) / 2)); i++) summary.customersAdded.push(this.addCustomer(now, now).id);
    for (let i = 0; i < Math.max(1, Math.ceil((counts.orders ?? 5) / 2)); i++) summary.ordersAdded.push(this.addOrder(this.orders.length, now, now).id);
    return summary;
  }

  /** Whole seconds, as Shopify's DateTime values are. */
  private stamp(): number {
    return Math.floor(this.options.now() / 1000) * 1000;
  }

  private sample<T>(items: T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(this.options.random.int(0, pool.length - 1), 1)[0]!);
    return out;
  }

  /** One step an order takes in its life: paid, fulfilled, delivered, refunded, or tagged. */
  private advance(order: EmuOrder, now: number): void {
    const { total, refunded } = orderTotals(order);
    if (order.cancelledAt !== null || order.closedAt !== null) {
      order.tags = [...new Set([...order.tags, 'reviewed'])];
    } else if (order.financialStatus === 'PENDING' || order.financialStatus === 'AUTHORIZED') {
      order.financialStatus = 'PAID';
    } else if (order.fulfillmentStatus !== 'FULFILLED') {
      order.fulfillments.push(this.factory.fulfillment(order, now, now, false));
      order.fulfillmentStatus = 'FULFILLED';
    } else if (order.fulfillments.some((f) => f.deliveredAt === null && f.status === 'SUCCESS')) {
      for (const f of order.fulfillments) if (f.deliveredAt === null) Object.assign(f, { deliveredAt: now, updatedAt: now, displayStatus: 'DELIVERED' });
    } else if (order.financialStatus === 'PAID' && total > 0) {
      order.refunds.push(this.factory.refund(order, now, Math.max(1, Math.round((total - refunded) * 0.2))));
      order.financialStatus = 'PARTIALLY_REFUNDED';
    } else {
      order.note = 'Customer asked about delivery';
    }
    order.updatedAt = now;
  }

  private addCustomer(createdAt: number, now: number): EmuCustomer {
    const r = this.options.random;
    const person = this.options.seed.person();
    const customer: EmuCustomer = {
      id: (this.lastId += r.int(1, 97)),
      firstName: person.firstName,
      lastName: person.lastName,
      email: r.next() < 0.05 ? null : person.email,
      phone: r.next() < 0.15 ? null : person.phone,
      state: r.weighted([['ENABLED', 70], ['DISABLED', 20], ['INVITED', 7], ['DECLINED', 3]] as const),
      tags: r.next() < 0.3 ? [r.pick(['VIP', 'wholesale', 'newsletter', '会员', '回头客'])] : [],
      note: null,
      verifiedEmail: r.next() < 0.8,
      taxExempt: r.next() < 0.03,
      locale: person.locale === 'zh' ? 'zh-CN' : 'en',
      currency: person.currency,
      emailMarketing: r.weighted([['NOT_SUBSCRIBED', 50], ['SUBSCRIBED', 35], ['UNSUBSCRIBED', 10], ['PENDING', 5]] as const),
      createdAt,
      updatedAt: createdAt === now ? now : this.options.seed.moment(createdAt, now - DAY),
      address: personAddress(person),
    };
    this.customers.push(customer);
    this.customerIndex.set(customer.id, customer);
    return customer;
  }

  private addOrder(index: number, from: number, now: number): EmuOrder {
    const r = this.options.random;
    const customer = r.next() < 0.9 && this.customers.length > 0 ? r.pick(this.customers) : undefined;
    const createdAt = from >= now ? now : this.options.seed.moment(Math.max(from, customer?.createdAt ?? from), now - 3_600_000);
    const plan = this.factory.plan(index);
    const order = this.factory.build(plan, this.nextNumber++, customer ? { customer } : { guest: this.options.seed.person() }, createdAt, now);
    this.orders.push(order);
    this.orderIndex.set(order.id, order);
    // A new order changes the customer's order count and spend: Shopify stamps the customer too.
    if (customer) customer.updatedAt = Math.max(customer.updatedAt, order.createdAt);
    return order;
  }
}

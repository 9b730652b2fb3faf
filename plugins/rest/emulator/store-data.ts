import { createHash } from 'node:crypto';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import type { SeededRandom } from '@datong/sdk';

/** The own store's order states and refund states: every value its API documents (see README). */
export const ORDER_STATES = ['pending_payment', 'paid', 'shipped', 'delivered', 'completed', 'cancelled'] as const;
export const REFUND_STATES = ['none', 'requested', 'partial', 'full', 'rejected'] as const;
export const MEMBER_LEVELS = ['bronze', 'silver', 'gold', 'platinum'] as const;

/** An order as the own store's API returns it (`/api/v2/orders`). */
export interface StoreOrder {
  order_no: string;
  member_id: string;
  state: string;
  refund_state: string;
  grand_total: string;
  currency: string;
  buyer: { name: string; mobile: string; email: string };
  ship_to: { country: string; province: string; city: string; district?: string; street: string; zip: string };
  lines: { sku: string; title: string; qty: number; unit_price: string }[];
  placed_at: string;
  modified_at: string;
}

/** A member as the own store's API returns it (`/api/v2/members`). */
export interface StoreMember {
  member_id: string;
  nickname: string;
  real_name: string;
  first_name: string;
  last_name: string;
  mobile: string;
  email: string;
  level: string;
  points: number;
  country: string;
  province: string;
  city: string;
  registered_at: string;
  modified_at: string;
}

/** The store's member id of a person: stable across emulators and runs for the same phone. */
export function memberIdOf(person: SeedPerson, storeName: string): string {
  return `M${createHash('sha256').update(`${storeName}:${person.phone}`).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** China Standard Time, as the store writes its times: 2026-12-03T18:00:00+08:00. */
export function cst(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

const DAY = 86_400_000;

/** What one mutate changed. */
export interface MutationSummary {
  orders: string[];
  members: string[];
  added: string[];
}

/**
 * The own store's data: members (the given buyers first, then seeded people) and their orders,
 * times within the last 30 days of the emulator's clock, every order state and refund state served.
 */
export class OwnStore {
  readonly orders: StoreOrder[] = [];
  readonly members: StoreMember[] = [];
  private nextOrder = 1;

  constructor(
    private readonly options: { storeName: string; seed: SeedData; random: SeededRandom; now: () => number; orders: number; members: number; buyers: SeedPerson[] },
  ) {
    const now = options.now();
    const people = [...options.buyers];
    while (people.length < Math.max(options.members, options.buyers.length)) people.push(options.seed.person('zh'));
    for (const person of people) this.members.push(this.member(person, now));
    for (let i = 0; i < options.orders; i++) {
      const member = i < options.buyers.length ? this.members[i]! : options.random.pick(this.members);
      const placed = options.seed.moment(now - 30 * DAY, now - 2 * DAY);
      // Every state and refund state among the first orders; random after.
      const state = i < ORDER_STATES.length ? ORDER_STATES[i]! : options.random.pick(ORDER_STATES);
      const refund = i < REFUND_STATES.length ? REFUND_STATES[i]! : options.random.next() < 0.8 ? 'none' : options.random.pick(REFUND_STATES);
      this.orders.push(this.order(member, placed, options.seed.moment(placed, now - 60_000), state, refund));
    }
    this.members.sort((a, b) => (a.member_id < b.member_id ? -1 : 1));
  }

  private member(person: SeedPerson, now: number): StoreMember {
    const { random, seed } = this.options;
    const registered = seed.moment(now - 400 * DAY, now - 31 * DAY);
    return {
      member_id: memberIdOf(person, this.options.storeName),
      nickname: `${person.lastName}${person.firstName.slice(0, 1)}${random.int(10, 99)}`,
      real_name: person.name,
      first_name: person.firstName,
      last_name: person.lastName,
      // The store keeps mainland numbers without the country code, as its sign-up form takes them.
      mobile: person.phone.startsWith('+86') ? person.phone.slice(3) : person.phone,
      email: person.email,
      level: random.pick(MEMBER_LEVELS),
      points: random.int(0, 20_000),
      country: person.address.country,
      province: person.address.province,
      city: person.address.city,
      registered_at: cst(registered),
      modified_at: cst(seed.moment(registered, now - 60_000)),
    };
  }

  private order(member: StoreMember, placed: number, modified: number, state: string, refund: string): StoreOrder {
    const { random, seed } = this.options;
    const lines = Array.from({ length: random.int(1, 3) }, () => ({
      sku: `SKU-${random.int(1000, 9999)}`,
      title: seed.productTitle('zh'),
      qty: random.int(1, 3),
      unit_price: seed.money(9.9, 899),
    }));
    const fen = lines.reduce((sum, l) => sum + l.qty * Math.round(Number(l.unit_price) * 100), 0);
    return {
      order_no: `SO${String(this.nextOrder++).padStart(8, '0')}`,
      member_id: member.member_id,
      state,
      refund_state: refund,
      grand_total: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
      currency: 'CNY',
      buyer: { name: member.real_name, mobile: member.mobile, email: member.email },
      ship_to: { country: member.country, province: member.province, city: member.city, street: `${random.pick(['人民路', '中山路', '解放路'])}${random.int(1, 999)}号`, zip: String(random.int(100000, 799999)) },
      lines,
      placed_at: cst(placed),
      modified_at: cst(modified),
    };
  }

  /** A new moment for a changed record: now, and always later than its last one. */
  private touch(previous: string): string {
    return cst(Math.max(this.options.now(), Date.parse(previous) + 1000));
  }

  /**
   * Buyers and sellers at work: `orders` orders move on (state or refund state) and `members`
   * members earn points, each with a new modified_at; `newOrders` (default 1 when orders > 0) are placed.
   */
  mutate(body: { orders?: number; members?: number; newOrders?: number }): MutationSummary {
    const { random } = this.options;
    const summary: MutationSummary = { orders: [], members: [], added: [] };
    const pick = <T>(list: T[], n: number): T[] => {
      const copy = [...list];
      const out: T[] = [];
      while (out.length < Math.min(n, copy.length)) out.push(copy.splice(random.int(0, copy.length - 1), 1)[0]!);
      return out;
    };
    for (const order of pick(this.orders, body.orders ?? 0)) {
      advance(order);
      order.modified_at = this.touch(order.modified_at);
      summary.orders.push(order.order_no);
    }
    for (const member of pick(this.members, body.members ?? 0)) {
      member.points += random.int(10, 500);
      member.modified_at = this.touch(member.modified_at);
      summary.members.push(member.member_id);
    }
    const added = body.newOrders ?? ((body.orders ?? 0) > 0 ? 1 : 0);
    for (let i = 0; i < added; i++) {
      const now = this.options.now();
      const order = this.order(random.pick(this.members), now, now, 'pending_payment', 'none');
      this.orders.push(order);
      summary.added.push(order.order_no);
    }
    return summary;
  }

  /** Sets an order's raw states (any text: tests serve values the store never documented). */
  setState(body: { order_no?: string; state?: string; refund_state?: string }): StoreOrder {
    const order = this.orders.find((o) => o.order_no === body.order_no);
    if (!order) throw new Error(`no order ${String(body.order_no)}`);
    if (body.state !== undefined) order.state = body.state;
    if (body.refund_state !== undefined) order.refund_state = body.refund_state;
    order.modified_at = this.touch(order.modified_at);
    return order;
  }
}

const NEXT_STATE: Record<string, string> = { pending_payment: 'paid', paid: 'shipped', shipped: 'delivered', delivered: 'completed' };
const NEXT_REFUND: Record<string, string> = { none: 'requested', requested: 'full', partial: 'full' };

/** One step along the order's life; a finished order moves its refund on instead. */
function advance(order: StoreOrder): void {
  const state = NEXT_STATE[order.state];
  if (state !== undefined) {
    order.state = state;
    return;
  }
  const refund = NEXT_REFUND[order.refund_state];
  if (refund !== undefined) order.refund_state = refund;
}

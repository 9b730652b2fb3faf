import { createHash } from 'node:crypto';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import type { SeededRandom } from '@datong/sdk';

/** The order states JOS documents, as the emulator serves them. */
export const JD_ORDER_STATES = [
  'WAIT_SELLER_STOCK_OUT', 'WAIT_GOODS_RECEIVE_CONFIRM', 'WAIT_SELLER_DELIVERY', 'PAUSE', 'FINISHED_L', 'TRADE_CANCELED', 'LOCKED', 'POP_ORDER_PAUSE',
] as const;
export type JdState = (typeof JD_ORDER_STATES)[number];

/** Where a seller or buyer moves an order next (what `mutate` does). */
const NEXT: Record<JdState, JdState> = {
  WAIT_SELLER_STOCK_OUT: 'WAIT_GOODS_RECEIVE_CONFIRM',
  WAIT_GOODS_RECEIVE_CONFIRM: 'FINISHED_L',
  WAIT_SELLER_DELIVERY: 'WAIT_SELLER_STOCK_OUT',
  PAUSE: 'WAIT_SELLER_STOCK_OUT',
  FINISHED_L: 'LOCKED',
  TRADE_CANCELED: 'TRADE_CANCELED',
  LOCKED: 'TRADE_CANCELED',
  POP_ORDER_PAUSE: 'WAIT_SELLER_STOCK_OUT',
};

export interface EmuBuyer {
  person: SeedPerson;
  openId: string;
  xid: string;
}

export interface EmuItem {
  skuId: string;
  wareId: string;
  skuName: string;
  priceFen: number;
  quantity: number;
}

export interface EmuOrder {
  orderId: string;
  state: JdState;
  cod: boolean;
  createdMs: number;
  modifiedMs: number;
  paidMs: number | null;
  endMs: number | null;
  waybill: string | null;
  buyer: EmuBuyer;
  items: EmuItem[];
  freightFen: number;
  discountFen: number;
  remark: string;
}

/** A refund application (退款审核单) as the emulator keeps it. Status codes 0-9 as JOS documents. */
export interface EmuRefund {
  id: string;
  orderId: string;
  status: number;
  applyMs: number;
  checkMs: number | null;
  modifiedMs: number;
  sumFen: number;
  buyer: EmuBuyer;
}

/** Where a review takes a refund application next. */
const REVIEW: Record<number, number> = { 0: 1, 1: 3, 5: 3, 7: 6 };

export interface OrderStoreOptions {
  appKey: string;
  venderId: string;
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  orders: number;
  buyers?: SeedPerson[];
  /** Orders are created within this many days before now. */
  spreadDays: number;
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The seller's orders: seeded, every state among them, changed by `mutate`. */
export class OrderStore {
  readonly orders: EmuOrder[] = [];
  readonly refunds: EmuRefund[] = [];
  private readonly people: EmuBuyer[] = [];

  constructor(private readonly options: OrderStoreOptions) {
    for (const person of options.buyers ?? []) this.people.push(this.buyer(person));
    for (let i = 0; i < options.orders; i++) this.orders.push(this.newOrder(i, undefined));
    this.seedRefunds();
  }

  /** Locked and paid-then-cancelled orders have applications; the first ten orders carry one of each status 0-9. */
  private seedRefunds(): void {
    this.orders.forEach((order, index) => {
      let status: number | undefined;
      if (index < 10) status = index;
      else if (order.state === 'LOCKED') status = 0;
      else if (order.state === 'TRADE_CANCELED' && order.paidMs !== null) status = this.options.random.pick([3, 6, 9]);
      if (status === undefined) return;
      const applyMs = Math.max(order.createdMs, order.modifiedMs - 3600_000);
      const checkMs = status === 0 ? null : order.modifiedMs;
      this.refunds.push(this.newRefund(order, status, applyMs, checkMs));
    });
  }

  private newRefund(order: EmuOrder, status: number, applyMs: number, checkMs: number | null): EmuRefund {
    const sumFen = order.items.reduce((sum, i) => sum + i.priceFen * i.quantity, 0) - order.discountFen + order.freightFen;
    return { id: this.options.seed.id(''), orderId: order.orderId, status, applyMs, checkMs, modifiedMs: checkMs ?? applyMs, sumFen, buyer: order.buyer };
  }

  /** The app-scoped ids JD would give this person (formats UNCONFIRMED): stable per phone and app key. */
  buyer(person: SeedPerson): EmuBuyer {
    const hash = (salt: string) => createHash('sha256').update(`${salt}|${this.options.appKey}|${person.phone}`).digest('base64url');
    return { person, openId: hash('open_id').slice(0, 32), xid: `o*AA${hash('xid').slice(0, 40)}` };
  }

  /** Changes `n` orders' state and modified time, and adds `added` new ones. */
  mutate(n: number, added = 0): { changed: string[]; added: string[]; reviewed: string[] } {
    const r = this.options.random;
    const now = floorSecond(this.options.now());
    const changed: string[] = [];
    const reviewed: string[] = [];
    const pool = [...this.orders];
    for (let i = 0; i < n && pool.length > 0; i++) {
      const order = pool.splice(r.int(0, pool.length - 1), 1)[0]!;
      const next = NEXT[order.state];
      order.state = next;
      if (next === 'WAIT_GOODS_RECEIVE_CONFIRM') order.waybill = `JDV${r.int(100_000_000, 999_999_999)}`;
      if (next === 'FINISHED_L') {
        order.endMs = now;
        if (order.cod) order.paidMs = now;
      }
      if (next === 'TRADE_CANCELED') order.endMs = now;
      order.remark = `changed ${changed.length + 1}`;
      order.modifiedMs = Math.max(now, order.modifiedMs + 1000);
      changed.push(order.orderId);
      if (next === 'LOCKED') this.refunds.push(this.newRefund(order, 0, order.modifiedMs, null));
      if (next === 'TRADE_CANCELED') {
        const open = this.refunds.find((f) => f.orderId === order.orderId && f.status === 0);
        if (open) this.review(open, 3, order.modifiedMs);
      }
    }
    // Sellers review some pending applications too.
    const pending = this.refunds.filter((f) => Object.hasOwn(REVIEW, f.status));
    for (let i = 0; i < Math.ceil(n / 2) && pending.length > 0; i++) {
      const refund = pending.splice(r.int(0, pending.length - 1), 1)[0]!;
      this.review(refund, REVIEW[refund.status]!, Math.max(now, refund.modifiedMs + 1000));
      reviewed.push(refund.id);
    }
    const fresh: string[] = [];
    for (let i = 0; i < added; i++) {
      const order = this.newOrder(this.orders.length, now);
      this.orders.push(order);
      fresh.push(order.orderId);
    }
    return { changed, added: fresh, reviewed };
  }

  private review(refund: EmuRefund, status: number, at: number): void {
    refund.status = status;
    refund.checkMs = at;
    refund.modifiedMs = at;
  }

  private newOrder(index: number, at: number | undefined): EmuOrder {
    const { random: r, seed } = this.options;
    const now = floorSecond(this.options.now());
    const buyer = index < (this.options.buyers?.length ?? 0) ? this.people[index]! : this.stranger(index);
    const createdMs = at ?? seed.moment(now - this.options.spreadDays * 86_400_000, now - 3600_000);
    const state: JdState = at !== undefined ? 'WAIT_SELLER_STOCK_OUT' : index < JD_ORDER_STATES.length ? JD_ORDER_STATES[index]! : r.pick(JD_ORDER_STATES);
    const cod = r.next() < 0.1;
    const modifiedMs = at ?? seed.moment(createdMs, Math.min(now - 60_000, createdMs + 3 * 86_400_000));
    const items = Array.from({ length: r.int(1, 3) }, () => ({
      skuId: seed.id('sku'),
      wareId: String(r.int(10_000_000, 99_999_999)),
      skuName: seed.productTitle('zh'),
      priceFen: Math.round(Number(seed.money(9, 899)) * 100),
      quantity: r.int(1, 3),
    }));
    const paidBefore = state === 'TRADE_CANCELED' ? r.next() < 0.5 : true;
    const paidMs = cod ? (state === 'FINISHED_L' ? modifiedMs : null) : paidBefore ? createdMs + 60_000 : null;
    const shipped = ['WAIT_GOODS_RECEIVE_CONFIRM', 'FINISHED_L'].includes(state) || (state === 'LOCKED' && r.next() < 0.5);
    return {
      orderId: seed.id(''),
      state, cod, createdMs, modifiedMs, paidMs,
      endMs: state === 'FINISHED_L' || state === 'TRADE_CANCELED' ? modifiedMs : null,
      waybill: shipped ? `JDV${r.int(100_000_000, 999_999_999)}` : null,
      buyer, items,
      freightFen: r.pick([0, 0, 600, 1000]),
      discountFen: r.pick([0, 0, 500, 1000]),
      remark: '',
    };
  }

  private stranger(index: number): EmuBuyer {
    // Some buyers come back: every third order after the first ten reuses an earlier stranger.
    if (index > 10 && index % 3 === 0 && this.people.length > 0) return this.people[this.options.random.int(0, this.people.length - 1)]!;
    const buyer = this.buyer(this.options.seed.person('zh'));
    this.people.push(buyer);
    return buyer;
  }
}

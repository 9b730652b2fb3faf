import { createHash } from 'node:crypto';
import type { SeededRandom } from '@datong/sdk';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import { NEXT_TRADE_STATUS, REFUND_STATES, TRADE_STATUSES, type RefundCaseStatus, type TradeStatus } from './youzan-statuses.js';

export interface EmuCustomer {
  yzOpenId: string;
  person: SeedPerson;
  /** Whether they bound a phone to their Youzan account (buyer_phone is sent only then). */
  phoneBound: boolean;
  isMember: boolean;
  points: number;
  /** Ms epoch, whole seconds. */
  createdAt: number;
  tradeCount: number;
}

export interface EmuLine {
  oid: number;
  itemId: number;
  skuId: number;
  title: string;
  num: number;
  priceFen: number;
}

export interface EmuOrder {
  tid: string;
  status: TradeStatus;
  refundState: (typeof REFUND_STATES)[number];
  closeType: number | null;
  expressType: number;
  customer: EmuCustomer;
  lines: EmuLine[];
  postFeeFen: number;
  createdAt: number;
  updatedAt: number;
  payTime: number | null;
  consignTime: number | null;
  successTime: number | null;
}

export interface EmuRefund {
  refundId: string;
  tid: string;
  status: RefundCaseStatus;
  feeFen: number;
  returnGoods: boolean;
  reason: number;
  createdAt: number;
  updatedAt: number;
}

/** What changed in one mutation: the resources a push goes out for. */
export interface MutationSummary {
  orders: EmuOrder[];
  customers: EmuCustomer[];
  refunds: EmuRefund[];
}

export interface ShopStoreOptions {
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  clientId: string;
  orders: number;
  buyers?: SeedPerson[];
}

const DAY = 86_400_000;
const whole = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The yz_open_id of a person for an app: stable across runs and emulators handed the same people. */
export function yzOpenIdOf(person: SeedPerson, clientId: string): string {
  return `yz${createHash('sha256').update(`${person.phone}|${clientId}`).digest('hex').slice(0, 24)}`;
}

/**
 * One emulated Youzan shop: customers, their orders (every trade status and refund state among
 * them) and after-sales cases, and the changes buyers and sellers make.
 */
export class ShopStore {
  readonly customers: EmuCustomer[] = [];
  readonly orders: EmuOrder[] = [];
  readonly refunds: EmuRefund[] = [];
  private tidSeq = 0;
  private refundSeq = 0;

  constructor(private readonly options: ShopStoreOptions) {
    const now = options.now();
    const buyers = options.buyers ?? [];
    const poolSize = Math.max(1, Math.ceil(options.orders * 0.6));
    for (const person of buyers) this.addCustomer(person, undefined, true);
    while (this.customers.length < buyers.length + poolSize) this.addCustomer(options.seed.person('zh'), undefined, false);
    for (let i = 0; i < options.orders; i++) {
      const customer = i < buyers.length ? this.customers[i]! : this.customers[buyers.length + options.random.int(0, poolSize - 1)]!;
      this.orders.push(this.seedOrder(i, customer, now));
    }
  }

  private addCustomer(person: SeedPerson, createdAt: number | undefined, phoneBound: boolean): EmuCustomer {
    const r = this.options.random;
    const now = this.options.now();
    const customer: EmuCustomer = {
      yzOpenId: yzOpenIdOf(person, this.options.clientId),
      person,
      phoneBound: phoneBound || r.next() < 0.7,
      isMember: r.next() < 0.4,
      points: r.int(0, 3000),
      createdAt: createdAt ?? whole(this.options.seed.moment(now - 60 * DAY, now - 40 * DAY)),
      tradeCount: 0,
    };
    this.customers.push(customer);
    return customer;
  }

  private nextTid(at: number): string {
    this.tidSeq++;
    const d = new Date(at + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    return `E${d}${String(this.tidSeq).padStart(9, '0')}`;
  }

  private seedOrder(index: number, customer: EmuCustomer, now: number): EmuOrder {
    const r = this.options.random;
    const createdAt = whole(this.options.seed.moment(now - 30 * DAY, now - 2 * DAY));
    const updatedAt = whole(this.options.seed.moment(createdAt, now - 60_000));
    // Every status among the first orders, then a realistic spread.
    const status: TradeStatus = index < TRADE_STATUSES.length * 2 ? TRADE_STATUSES[index % TRADE_STATUSES.length]! : r.weighted<TradeStatus>([
      ['WAIT_BUYER_PAY', 10], ['WAIT_SELLER_SEND_GOODS', 20], ['WAIT_BUYER_CONFIRM_GOODS', 20], ['TRADE_SUCCESS', 40], ['TRADE_CLOSED', 10],
    ]);
    const lines: EmuLine[] = [];
    for (let n = r.int(1, 3); n > 0; n--) {
      const price = Math.round(Number(this.options.seed.money(9, 399)) * 100);
      lines.push({ oid: 3_000_000_000 + r.int(0, 999_999_999), itemId: r.int(100_000, 999_999), skuId: r.int(1_000_000, 9_999_999), title: this.options.seed.productTitle('zh'), num: r.int(1, 3), priceFen: price });
    }
    const order: EmuOrder = {
      tid: this.nextTid(createdAt), status, refundState: 0, closeType: null, expressType: r.next() < 0.9 ? 0 : 1, customer, lines,
      postFeeFen: r.pick([0, 0, 600, 1000]), createdAt, updatedAt, payTime: null, consignTime: null, successTime: null,
    };
    this.settleTimes(order);
    // The second round of statuses carries the refund states, so all five are served too.
    if (index >= TRADE_STATUSES.length && index < TRADE_STATUSES.length * 2) this.giveRefundState(order, REFUND_STATES[index % REFUND_STATES.length]!);
    customer.tradeCount++;
    return order;
  }

  /** Times consistent with the status: paid after created, shipped after paid, done after shipped. */
  private settleTimes(order: EmuOrder): void {
    const s = order.status;
    const between = (a: number, b: number) => whole(a + Math.floor((b - a) / 3));
    const paid = s !== 'WAIT_BUYER_PAY' && !(s === 'TRADE_CLOSED' && order.closeType !== 2 && order.refundState !== 12);
    order.payTime = paid ? (order.payTime ?? between(order.createdAt, order.updatedAt)) : null;
    const shipped = ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_SUCCESS'].includes(s);
    order.consignTime = shipped ? (order.consignTime ?? between(order.payTime ?? order.createdAt, order.updatedAt)) : s === 'TRADE_CLOSED' ? order.consignTime : null;
    order.successTime = s === 'TRADE_SUCCESS' ? order.updatedAt : null;
    if (s === 'TRADE_CLOSED' && order.closeType === null) order.closeType = order.payTime === null ? 1 : 2;
  }

  private giveRefundState(order: EmuOrder, state: (typeof REFUND_STATES)[number]): void {
    if (state === 0) return;
    if (order.status === 'WAIT_BUYER_PAY' || order.payTime === null) {
      order.status = 'TRADE_SUCCESS';
      this.settleTimes(order);
    }
    order.refundState = state;
    if (state === 12) {
      order.status = 'TRADE_CLOSED';
      order.closeType = 2;
      order.successTime = null;
    }
    const status: RefundCaseStatus = state === 1 || state === 11 ? 'WAIT_SELLER_AGREE' : 'SUCCESS';
    this.addRefund(order, status, order.updatedAt);
  }

  private addRefund(order: EmuOrder, status: RefundCaseStatus, at: number): EmuRefund {
    this.refundSeq++;
    const d = new Date(at + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    const total = order.lines.reduce((sum, l) => sum + l.priceFen * l.num, 0);
    const refund: EmuRefund = {
      refundId: `${d}${String(this.refundSeq).padStart(10, '0')}`, tid: order.tid, status,
      feeFen: order.refundState === 12 || order.refundState === 11 ? total + order.postFeeFen : Math.max(1, Math.floor(total / 2)),
      returnGoods: order.consignTime !== null, reason: this.options.random.int(1, 10), createdAt: whole(at - 3600_000), updatedAt: at,
    };
    this.refunds.push(refund);
    return refund;
  }

  /** Every order moves on one step (or gets a refund), its update time now; new customers sign up. */
  mutate(counts: { orders?: number; customers?: number; refunds?: number }): MutationSummary {
    const r = this.options.random;
    const now = whole(this.options.now());
    const summary: MutationSummary = { orders: [], customers: [], refunds: [] };
    const live = this.orders.filter((o) => o.status !== 'TRADE_SUCCESS' && o.status !== 'TRADE_CLOSED');
    const pool = live.length > 0 ? live : this.orders;
    for (let n = Math.min(counts.orders ?? 5, pool.length); n > 0; n--) {
      const order = pool.splice(r.int(0, pool.length - 1), 1)[0]!;
      order.updatedAt = Math.max(now, order.updatedAt + 1000);
      if (order.status === 'WAIT_BUYER_PAY' && r.next() < 0.3) {
        order.status = 'TRADE_CLOSED';
        order.closeType = 4;
      } else order.status = NEXT_TRADE_STATUS[order.status];
      this.settleTimes(order);
      summary.orders.push(order);
    }
    for (let n = counts.refunds ?? 0; n > 0; n--) {
      const paid = this.orders.filter((o) => o.refundState === 0 && o.payTime !== null && o.status !== 'TRADE_CLOSED');
      const order = paid[r.int(0, paid.length - 1)];
      if (!order) break;
      order.refundState = 1;
      order.updatedAt = Math.max(now, order.updatedAt + 1000);
      summary.refunds.push(this.addRefund(order, 'WAIT_SELLER_AGREE', order.updatedAt));
      if (!summary.orders.includes(order)) summary.orders.push(order);
    }
    for (let n = counts.customers ?? 0; n > 0; n--) {
      const customer = this.addCustomer(this.options.seed.person('zh'), now, false);
      summary.customers.push(customer);
    }
    return summary;
  }
}

import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import type { SeededRandom } from '@datong/sdk';
import { COMMON_STATES, SCENARIOS, afterSalesTypeFor, nextState, type OrderState } from './order-scenarios.js';

/** One order as the emulated mall holds it; times are ms epoch, money whole fen. */
export interface EmuOrder extends OrderState {
  orderSn: string;
  buyer: SeedPerson;
  createdAt: number;
  updatedAt: number;
  payAt: number;
  confirmAt?: number;
  shippedAt?: number;
  receivedAt?: number;
  items: { goodsId: number; skuId: number; name: string; count: number; priceFen: number }[];
  discountFen: number;
  postageFen: number;
  trackingNumber?: string;
  remark: string;
  payType: string;
}

/** One after-sales case. */
export interface EmuRefund {
  id: number;
  orderSn: string;
  afterSalesStatus: number;
  afterSalesType: number;
  refundFen: number;
  createdAt: number;
  updatedAt: number;
}

export interface MallStoreOptions {
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  orders: number;
  /** Orders are created within this many days before now. */
  days: number;
  buyers: SeedPerson[];
  appKey: string;
}

/**
 * The emulated mall: seeded orders walking through every documented status combination, their
 * after-sales cases, and what buyers and sellers do to them (`mutate`).
 */
export class MallStore {
  readonly orders: EmuOrder[] = [];
  readonly refunds: EmuRefund[] = [];
  private nextRefundId = 0;
  private mutations = 0;

  constructor(private readonly options: MallStoreOptions) {
    const now = options.now();
    const since = now - options.days * 86_400_000;
    this.nextRefundId = options.random.int(10_000_000, 90_000_000);
    for (let i = 0; i < options.orders; i++) {
      const state = SCENARIOS[i] ?? options.random.pick(COMMON_STATES);
      const buyer = options.buyers[i] ?? options.seed.person('zh');
      this.orders.push(this.order(i, state, buyer, since, now - 120_000));
    }
    for (const order of this.orders) if (order.after_sales_status !== 0) this.openCase(order, order.updatedAt);
  }

  /** The key of the emulator's (undecryptable) receiver ciphertext. */
  get sealKey(): string {
    return this.options.appKey;
  }

  private order(index: number, state: OrderState, buyer: SeedPerson, since: number, until: number): EmuOrder {
    const { random, seed } = this.options;
    const createdAt = seed.moment(since, until - 3_600_000);
    const updatedAt = seed.moment(createdAt + 60_000, until);
    const lines = random.int(1, 2);
    const items = Array.from({ length: lines }, () => ({
      goodsId: random.int(100_000_000, 999_999_999),
      skuId: random.int(1_000_000_000, 9_999_999_999),
      name: seed.productTitle('zh'),
      count: random.int(1, 3),
      priceFen: Math.round(Number(seed.money(9.9, 299)) * 100),
    }));
    const goods = items.reduce((sum, item) => sum + item.priceFen * item.count, 0);
    const day = new Date(createdAt + 8 * 3_600_000).toISOString().slice(2, 10).replace(/-/g, '');
    const step = Math.floor((updatedAt - createdAt) / 4);
    return {
      ...state,
      orderSn: `${day}-${String(random.int(100_000_000, 999_999_999))}${String(index).padStart(6, '0')}`,
      buyer,
      createdAt,
      updatedAt,
      payAt: createdAt + 30_000,
      confirmAt: state.confirm_status === 1 ? createdAt + step : undefined,
      shippedAt: state.order_status >= 2 ? createdAt + 2 * step : undefined,
      receivedAt: state.order_status === 3 ? createdAt + 3 * step : undefined,
      items,
      discountFen: random.next() < 0.4 ? Math.min(goods - 1, random.int(100, 1000)) : 0,
      postageFen: random.next() < 0.2 ? 600 : 0,
      trackingNumber: state.order_status >= 2 ? `YT${random.int(1_000_000_000, 9_999_999_999)}` : undefined,
      remark: '',
      payType: random.pick(['WEIXIN', 'ALIPAY', 'WEIXIN', 'QQ', 'LIANLIANPAY']),
    };
  }

  /** Whole fen the buyer paid: goods - discount + postage. */
  payFen(order: EmuOrder): number {
    return order.items.reduce((sum, item) => sum + item.priceFen * item.count, 0) - order.discountFen + order.postageFen;
  }

  private openCase(order: EmuOrder, at: number): void {
    this.refunds.push({
      id: ++this.nextRefundId,
      orderSn: order.orderSn,
      afterSalesStatus: order.after_sales_status,
      afterSalesType: afterSalesTypeFor(order.after_sales_status),
      refundFen: this.payFen(order),
      createdAt: at,
      updatedAt: at,
    });
  }

  /**
   * Changes `count` orders as buyers and sellers do: each moves to its next state (see
   * `nextState`) or, when nothing more happens to it, gets a merchant remark; its updated time
   * becomes now. An order whose after-sales state changes updates (or opens) its case too.
   */
  mutate(count: number): { changed: string[]; cases: number[] } {
    const now = Math.floor(this.options.now() / 1000) * 1000;
    const changed: string[] = [];
    const cases: number[] = [];
    for (let i = 0; i < count && this.orders.length > 0; i++) {
      const order = this.orders[(this.mutations * 7 + i * 13) % this.orders.length]!;
      this.advance(order, now, cases);
      changed.push(order.orderSn);
    }
    this.mutations++;
    // Every mutation touches an after-sales case, so a refunds read has something new to find.
    if (cases.length === 0) {
      const candidate = this.orders.find((o) => o.order_status === 3 && o.after_sales_status === 0 && o.confirm_status === 1)
        ?? this.orders.find((o) => o.after_sales_status === 2 || o.after_sales_status === 4);
      if (candidate) {
        this.advance(candidate, now, cases);
        changed.push(candidate.orderSn);
      }
    }
    return { changed, cases };
  }

  private advance(order: EmuOrder, now: number, cases: number[]): void {
    const next = nextState(order);
    order.updatedAt = Math.max(now, order.updatedAt);
    if (next === undefined) {
      order.remark = `备注 ${this.mutations + 1}`;
      return;
    }
    if (next.order_status === 2 && order.order_status === 1) {
      order.shippedAt = now;
      order.trackingNumber = `YT${this.options.random.int(1_000_000_000, 9_999_999_999)}`;
    }
    if (next.order_status === 3 && order.order_status === 2) order.receivedAt = now;
    if (next.confirm_status === 1 && order.confirm_status === 0) order.confirmAt = now;
    const caseChanged = next.after_sales_status !== order.after_sales_status;
    // nextState copies what it is given: take the five status fields only.
    order.order_status = next.order_status;
    order.refund_status = next.refund_status;
    order.confirm_status = next.confirm_status;
    order.group_status = next.group_status;
    order.after_sales_status = next.after_sales_status;
    if (!caseChanged) return;
    const existing = this.refunds.find((r) => r.orderSn === order.orderSn);
    if (existing) {
      existing.afterSalesStatus = order.after_sales_status;
      existing.updatedAt = Math.max(now, existing.updatedAt);
      cases.push(existing.id);
    } else {
      this.openCase(order, now);
      cases.push(this.refunds[this.refunds.length - 1]!.id);
    }
  }
}

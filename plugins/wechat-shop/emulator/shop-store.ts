import type { SeededRandom } from '@datong/sdk';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import { buyerFor, seedAftersales, seedOrders, settle } from './order-factory.js';
import { AFTERSALE_FINAL, CHANNELS_ORDER_STATUSES, MINISHOP_ORDER_STATUSES, type EmuAftersale, type EmuOrder } from './shop-data.js';

/** What a mutation changed. */
export interface MutationSummary {
  orders: string[];
  added: string[];
  aftersales: string[];
}

// How buyers and sellers move an order along, by status.
const NEXT_STATUS: Record<number, number[]> = { 10: [20, 250], 12: [20], 13: [20], 20: [21, 30], 21: [30], 30: [100], 1010: [20] };
const NEXT_AFTERSALE: Record<string, string> = {
  MERCHANT_PROCESSING: 'MERCHANT_REFUND_SUCCESS', USER_WAIT_RETURN: 'MERCHANT_WAIT_RECEIPT', MERCHANT_WAIT_RECEIPT: 'MERCHANT_RETURN_SUCCESS',
  PLATFORM_REFUNDING: 'MERCHANT_REFUND_SUCCESS', USER_WAIT_CONFIRM: 'MERCHANT_PROCESSING', PLATFORM_REFUND_FAIL: 'PLATFORM_REFUNDING',
  MERCHANT_OVERDUE_REFUND: 'MERCHANT_REFUND_SUCCESS',
};

/** The emulated shop's orders and after-sales, and how they change. */
export class ShopStore {
  readonly orders: EmuOrder[];
  readonly aftersales: EmuAftersale[];
  private readonly newPerson: () => SeedPerson;

  constructor(
    private readonly options: {
      random: SeededRandom;
      seed: SeedData;
      appId: string;
      unionAccount: string;
      api: 'channels' | 'minishop';
      orders: number;
      buyers: SeedPerson[];
      days: number;
      /** Seconds, the emulator's clock. */
      nowS: () => number;
    },
  ) {
    const { random, seed, appId, unionAccount } = options;
    // A WeChat shop sells in mainland China: its own buyers are Chinese (people handed in as `buyers` may not be).
    this.newPerson = () => seed.person('zh');
    this.orders = seedOrders({
      random, seed, count: options.orders,
      statuses: options.api === 'channels' ? CHANNELS_ORDER_STATUSES : MINISHOP_ORDER_STATUSES,
      buyers: options.buyers.map((p) => buyerFor(p, appId, unionAccount)),
      newBuyer: () => buyerFor(this.newPerson(), appId, unionAccount),
      nowS: options.nowS(),
      days: options.days,
    });
    this.aftersales = seedAftersales(this.orders, random, seed, AFTERSALE_FINAL);
  }

  order(id: string): EmuOrder | undefined {
    return this.orders.find((o) => o.orderId === id);
  }

  aftersale(id: string): EmuAftersale | undefined {
    return this.aftersales.find((a) => a.id === id);
  }

  /**
   * Moves `orders` orders along (paid, shipped, received; finished ones get a merchant note), adds
   * a new order for every four changed, and moves `aftersales` after-sales along: each gets a new
   * update_time, now.
   */
  mutate(counts: { orders?: number; aftersales?: number }): MutationSummary {
    const r = this.options.random;
    const now = this.options.nowS();
    const summary: MutationSummary = { orders: [], added: [], aftersales: [] };
    const n = Math.min(counts.orders ?? 0, this.orders.length);
    for (const order of pickSome(this.orders, n, r)) {
      const next = NEXT_STATUS[order.status];
      if (next) order.status = r.pick(next);
      else order.merchantNotes = `备注 ${now}`;
      order.updateTime = Math.max(now, order.updateTime + 1);
      settle(order, r);
      summary.orders.push(order.orderId);
    }
    for (let i = 0; i < Math.ceil(n / 4); i++) {
      const [order] = seedOrders({
        random: r, seed: this.options.seed, count: 1, statuses: [10, 20], buyers: [],
        newBuyer: () => buyerFor(this.newPerson(), this.options.appId, this.options.unionAccount), nowS: now + 120, days: 0.05,
      });
      if (!order) continue;
      order.createTime = Math.min(order.createTime, now);
      order.updateTime = now;
      this.orders.push(order);
      summary.added.push(order.orderId);
    }
    const m = Math.min(counts.aftersales ?? 0, this.aftersales.length);
    for (const a of pickSome(this.aftersales, m, r)) {
      const next = NEXT_AFTERSALE[a.status];
      if (next) {
        const order = this.order(a.orderId);
        if (order && AFTERSALE_FINAL.has(next) && !AFTERSALE_FINAL.has(a.status)) {
          // The order shows its after-sales in progress: it changes too.
          order.onAftersale = Math.max(0, order.onAftersale - 1);
          order.updateTime = Math.max(now, order.updateTime + 1);
        }
        a.status = next;
      }
      a.updateTime = Math.max(now, a.updateTime + 1);
      summary.aftersales.push(a.id);
    }
    return summary;
  }
}

function pickSome<T>(items: T[], n: number, r: SeededRandom): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(r.int(0, pool.length - 1), 1)[0] as T);
  return out;
}

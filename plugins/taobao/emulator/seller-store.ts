import type { SeededRandom } from '@datong/sdk';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import { oaidOf, openUidOf } from './buyer-ids.js';
import { maskName } from './pii-mask.js';
import { tradePaymentFen, type EmuBuyer, type EmuLine, type EmuRefund, type EmuTrade } from './seller-data.js';
import { NEXT_STATUS, REFUND_STATUSES, TRADE_STATUSES, hasShipped, isPaid } from './trade-statuses.js';

const DAY = 86_400_000;

export interface SellerStoreOptions {
  random: SeededRandom;
  seed: SeedData;
  now: () => number;
  appKey: string;
  sellerId: string;
  orders: number;
  /** People who also shop here: the first trades are theirs, in order. */
  buyers: SeedPerson[];
  /** Trades are created within this many days before now. */
  days: number;
}

/** What `mutate` changed, by id. */
export interface MutationSummary {
  tids: number[];
  refunds: number[];
}

/**
 * The emulated seller's trades and refunds in memory: seeded over the last few days with every
 * trade status among them (pre-sale, partly shipped, refunded and refused lines included), and
 * `mutate`, which moves trades along as buyers and sellers do and opens refund requests, stamping
 * each change `modified = now`.
 */
export class SellerStore {
  readonly trades: EmuTrade[] = [];
  readonly refunds: EmuRefund[] = [];
  private readonly byTid = new Map<number, EmuTrade>();
  private nextId: number;

  constructor(private readonly options: SellerStoreOptions) {
    const { random, seed } = options;
    this.nextId = random.int(3_000_000_000_000, 3_900_000_000_000);
    const pool: SeedPerson[] = [];
    for (let i = 0; i < Math.max(8, Math.ceil(options.orders / 2)); i++) pool.push(seed.person(random.next() < 0.9 ? 'zh' : 'en'));
    const now = this.stamp();
    for (let i = 0; i < options.orders; i++) {
      const person = options.buyers[i] ?? random.pick(pool);
      const created = seed.moment(now - options.days * DAY, now - 10 * 60_000);
      const modified = seed.moment(created, now - 2 * 60_000);
      this.add(this.seedTrade(i, person, created, modified));
    }
  }

  find(tid: number): EmuTrade | undefined {
    return this.byTid.get(tid);
  }

  /** The seller loses sight of a trade (it stays listed): fullinfo.get then refuses it, as TOP does with an isv.* error. */
  forget(tid: number): void {
    this.byTid.delete(tid);
  }

  /** The trades modified in [from, to] (both ends included, whole seconds), newest first, as TOP sorts them. */
  modifiedBetween(from: number, to: number): EmuTrade[] {
    return this.trades.filter((t) => t.modified >= from && t.modified <= to).sort((a, b) => b.modified - a.modified || b.tid - a.tid);
  }

  refundsModifiedBetween(from: number, to: number): EmuRefund[] {
    return this.refunds.filter((r) => r.modified >= from && r.modified <= to).sort((a, b) => b.modified - a.modified || b.refundId - a.refundId);
  }

  /**
   * Moves `count` trades one step along (paid, shipped, received...) or, for one in three, opens a
   * refund request on a paid trade's line; each change is stamped `modified = now`.
   */
  mutate(count: number): MutationSummary {
    const summary: MutationSummary = { tids: [], refunds: [] };
    const now = this.stamp();
    const movable = this.trades.filter((t) => NEXT_STATUS[t.status] !== undefined || (isPaid(t.status) && t.status !== 'TRADE_CLOSED'));
    for (let i = 0; i < count && movable.length > 0; i++) {
      const trade = movable.splice(this.options.random.int(0, movable.length - 1), 1)[0]!;
      const line = trade.lines.find((l) => l.refundStatus === 'NO_REFUND');
      if (i % 3 === 2 && isPaid(trade.status) && trade.status !== 'TRADE_CLOSED' && line) {
        summary.refunds.push(this.openRefund(trade, line, 'WAIT_SELLER_AGREE', now).refundId);
      } else if (NEXT_STATUS[trade.status]) {
        this.advance(trade, NEXT_STATUS[trade.status]!, now);
      }
      trade.modified = now;
      summary.tids.push(trade.tid);
    }
    return summary;
  }

  private stamp(): number {
    return Math.floor(this.options.now() / 1000) * 1000;
  }

  private id(): number {
    this.nextId += this.options.random.int(1, 997);
    return this.nextId;
  }

  private add(trade: EmuTrade): void {
    this.trades.push(trade);
    this.byTid.set(trade.tid, trade);
  }

  private buyer(person: SeedPerson): EmuBuyer {
    return { person, openUid: openUidOf(person, this.options.appKey), nick: maskName(person.name, 'partial') };
  }

  /** The i-th seeded trade: the first ones cycle through every status, so each is served. */
  private seedTrade(i: number, person: SeedPerson, created: number, modified: number): EmuTrade {
    const { random, seed } = this.options;
    const status = i < 2 * TRADE_STATUSES.length
      ? TRADE_STATUSES[i % TRADE_STATUSES.length]!
      : random.weighted<string>([['TRADE_FINISHED', 35], ['WAIT_SELLER_SEND_GOODS', 20], ['WAIT_BUYER_CONFIRM_GOODS', 20], ['WAIT_BUYER_PAY', 8], ['TRADE_CLOSED_BY_TAOBAO', 7], ['TRADE_CLOSED', 5], ['SELLER_CONSIGNED_PART', 5]]);
    const lines: EmuLine[] = [];
    for (let n = random.int(1, 3); n > 0; n--) {
      lines.push({
        oid: this.id(), numIid: random.int(500_000_000_000, 799_999_999_999), skuId: random.int(4_000_000_000_000, 5_999_999_999_999),
        title: seed.productTitle('zh'), priceFen: Math.round(Number(seed.money(9.9, 399)) * 100), num: random.int(1, 3),
        status, refundStatus: 'NO_REFUND',
      });
    }
    const trade: EmuTrade = {
      tid: this.id(), status, type: status === 'TRADE_BUYER_SIGNED' ? 'cod' : 'fixed', created, modified,
      postFen: random.next() < 0.7 ? 0 : 1000, discountFen: random.next() < 0.3 ? 500 : 0,
      buyer: this.buyer(person), receiver: person, oaid: oaidOf(person, created, this.options.sellerId, this.options.appKey),
      buyerMessage: random.next() < 0.2 ? '请尽快发货，谢谢' : undefined, lines,
    };
    if (isPaid(status)) trade.payTime = Math.min(modified, created + 5 * 60_000);
    if (hasShipped(status)) {
      trade.consignTime = Math.min(modified, created + 60 * 60_000);
      for (const line of lines) line.consignTime = trade.consignTime;
    }
    if (status === 'SELLER_CONSIGNED_PART') {
      lines[0]!.consignTime = modified;
      lines[0]!.status = 'WAIT_BUYER_CONFIRM_GOODS';
      if (lines.length === 1) lines.push({ ...lines[0]!, oid: this.id(), status: 'WAIT_SELLER_SEND_GOODS', consignTime: undefined });
    }
    if (status === 'TRADE_FINISHED' || status === 'TRADE_CLOSED' || status === 'TRADE_CLOSED_BY_TAOBAO') trade.endTime = modified;
    // Pre-sale trades: a deposit unpaid, a deposit paid, both paid.
    const step = ({ 12: 'FRONT_NOPAID_FINAL_NOPAID', 13: 'FRONT_PAID_FINAL_NOPAID', 15: 'FRONT_PAID_FINAL_PAID' } as Record<number, string>)[i];
    if (step) {
      trade.type = 'step';
      trade.stepTradeStatus = step;
      trade.stepPaidFen = step === 'FRONT_NOPAID_FINAL_NOPAID' ? 0 : step === 'FRONT_PAID_FINAL_NOPAID' ? Math.round(tradePaymentFen(trade) / 5) : tradePaymentFen(trade);
    }
    if (status === 'TRADE_CLOSED') {
      for (const line of lines) this.openRefund(trade, line, 'SUCCESS', modified);
    } else if (isPaid(status) && i % 4 === 3) {
      // Every refund step among the paid trades, in turn; one line of several refunded is a partial refund.
      const refundStatus = REFUND_STATUSES[1 + (Math.floor(i / 4) % (REFUND_STATUSES.length - 1))]!;
      this.openRefund(trade, lines[0]!, refundStatus, modified);
    }
    return trade;
  }

  private advance(trade: EmuTrade, status: string, now: number): void {
    trade.status = status;
    if (isPaid(status) && trade.payTime === undefined) trade.payTime = now;
    if (status === 'SELLER_CONSIGNED_PART') {
      const first = trade.lines[0]!;
      first.consignTime = now;
      first.status = 'WAIT_BUYER_CONFIRM_GOODS';
      for (const line of trade.lines.slice(1)) line.status = 'WAIT_SELLER_SEND_GOODS';
      if (trade.lines.length === 1) first.status = status;
      return;
    }
    if (hasShipped(status)) trade.consignTime ??= now;
    if (status === 'TRADE_FINISHED') trade.endTime = now;
    if (trade.stepTradeStatus && isPaid(status)) trade.stepTradeStatus = 'FRONT_PAID_FINAL_PAID';
    for (const line of trade.lines) {
      line.status = status;
      if (hasShipped(status)) line.consignTime ??= now;
    }
  }

  private openRefund(trade: EmuTrade, line: EmuLine, status: string, at: number): EmuRefund {
    const existing = this.refunds.find((r) => r.oid === line.oid);
    if (existing) {
      existing.status = status;
      existing.modified = at;
      line.refundStatus = status;
      return existing;
    }
    const refund: EmuRefund = {
      refundId: this.id(), tid: trade.tid, oid: line.oid, status, created: Math.max(trade.created, at - 3_600_000), modified: at,
      refundFen: line.priceFen * line.num, reason: '不想要了', goodStatus: hasShipped(trade.status) ? 'BUYER_RECEIVED' : 'BUYER_NOT_RECEIVED',
      hasGoodReturn: hasShipped(trade.status),
    };
    line.refundStatus = status;
    line.refundId = refund.refundId;
    this.refunds.push(refund);
    return refund;
  }
}

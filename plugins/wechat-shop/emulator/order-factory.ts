import { createHash } from 'node:crypto';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import type { SeededRandom } from '@datong/sdk';
import { AFTERSALE_STATUSES, type EmuAftersale, type EmuBuyer, type EmuLine, type EmuOrder } from './shop-data.js';

const DAY_S = 86_400;

/** A buyer's ids, derived from their phone so the same person gets the same ids in every emulator run. */
export function buyerFor(person: SeedPerson, appId: string, unionAccount: string): EmuBuyer {
  const digest = (text: string) => createHash('sha256').update(text).digest('base64url');
  const openid = `o${digest(`${appId}:${person.phone}`).slice(0, 27)}`;
  // About seven in ten buyers have a unionid: the rest never used another app of the same Open Platform account.
  const hasUnion = createHash('sha256').update(`union?${person.phone}`).digest()[0]! < 180;
  return hasUnion ? { person, openid, unionid: `oU${digest(`${unionAccount}:${person.phone}`).slice(0, 26)}` } : { person, openid };
}

/**
 * Builds the seeded orders: `count` orders, the first `buyers.length` of them belonging to those
 * people in order, every status of `statuses` served at least once (in turn, then at random),
 * created in the last `days` days and last updated at least two minutes before `nowS`.
 */
export function seedOrders(options: {
  random: SeededRandom;
  seed: SeedData;
  count: number;
  statuses: readonly number[];
  buyers: EmuBuyer[];
  newBuyer: () => EmuBuyer;
  nowS: number;
  days: number;
}): EmuOrder[] {
  const { random: r, seed } = options;
  const orders: EmuOrder[] = [];
  const latest = options.nowS - 120;
  for (let i = 0; i < options.count; i++) {
    const buyer = options.buyers[i] ?? (i > 0 && r.next() < 0.2 ? orders[r.int(0, i - 1)]!.buyer : options.newBuyer());
    const status = i < options.statuses.length ? options.statuses[i]! : r.pick(options.statuses);
    const createTime = r.int(options.nowS - options.days * DAY_S, latest - 3600);
    const updateTime = Math.min(latest, createTime + r.int(60, 5 * DAY_S));
    const lines: EmuLine[] = Array.from({ length: r.int(1, 3) }, () => {
      const price = Math.round(Number(seed.money(9.9, 899)) * 100);
      const count = r.int(1, 3);
      return { productId: seed.id('1000'), skuId: seed.id('2000'), title: seed.productTitle('zh'), count, salePriceFen: price, realPriceFen: price * count };
    });
    const order: EmuOrder = {
      orderId: seed.id('37'),
      status,
      createTime,
      updateTime,
      buyer,
      lines,
      freightFen: r.pick([0, 0, 600, 1000]),
      discountFen: r.next() < 0.3 ? r.pick([500, 1000, 2000]) : 0,
      prepayId: `wx${createTime}${seed.id('')}`.slice(0, 32),
      waybills: [],
      aftersaleIds: [],
      onAftersale: 0,
      hashCode: createHash('md5').update(`${buyer.person.phone}|${buyer.person.address.street}`).digest('hex'),
      customerNotes: r.next() < 0.2 ? '请尽快发货' : '',
      merchantNotes: '',
    };
    if (r.next() < 0.15) order.virtualTel = { number: `1${r.int(3000000000, 9999999999)}-${r.int(1000, 9999)}`, expireTime: updateTime + 30 * DAY_S };
    settle(order, r);
    orders.push(order);
  }
  return orders;
}

/** Fills in what an order's status implies: a payment, waybills. */
export function settle(order: EmuOrder, r: SeededRandom): void {
  const paid = ![10, 250].includes(order.status) || (order.status === 250 && r.next() < 0.2);
  if (paid && order.paidAt === undefined) {
    order.paidAt = Math.min(order.updateTime, order.createTime + r.int(10, 900));
    order.transactionId = `4200${String(order.paidAt)}${r.int(100000, 999999)}`;
  }
  const shippedAll = [30, 100].includes(order.status) || (order.status === 200 && r.next() < 0.5);
  const shippedSome = order.status === 21;
  const wanted = shippedAll ? order.lines.length : shippedSome ? 1 : 0;
  while (order.waybills.length < wanted) {
    order.waybills.push({ waybillId: `SF${r.int(1_000_000_000, 9_999_999_999)}`, deliveryId: r.pick(['SF', 'YTO', 'ZTO', 'JD']), time: Math.min(order.updateTime, (order.paidAt ?? order.createTime) + r.int(3600, 2 * DAY_S)) });
  }
}

/**
 * Builds after-sales for paid orders: every after-sale status at least once. Orders cancelled after
 * after-sale (200) get a finished refund; others get one in some state, counted as in progress on
 * the order when it is not over.
 */
export function seedAftersales(orders: EmuOrder[], r: SeededRandom, seed: SeedData, final: Set<string>): EmuAftersale[] {
  const out: EmuAftersale[] = [];
  const make = (order: EmuOrder, status: string): void => {
    const line = order.lines[0]!;
    const createTime = Math.min(order.updateTime, (order.paidAt ?? order.createTime) + r.int(60, 3 * 86_400));
    const a: EmuAftersale = {
      id: seed.id('19'),
      orderId: order.orderId,
      status,
      type: order.waybills.length > 0 ? r.pick(['RETURN', 'REFUND', 'EXCHANGE'] as const) : 'REFUND',
      buyer: order.buyer,
      productId: line.productId,
      skuId: line.skuId,
      count: line.count,
      refundFen: line.realPriceFen,
      reason: r.pick(['不想要了', '商品质量问题', '发错货', '尺码不合适']),
      createTime,
      updateTime: Math.min(order.updateTime, createTime + r.int(60, 86_400)),
    };
    if (a.type !== 'REFUND' && r.next() < 0.6) a.waybillId = `YT${r.int(1_000_000_000, 9_999_999_999)}`;
    order.aftersaleIds.push(a.id);
    if (!final.has(status)) order.onAftersale++;
    out.push(a);
  };
  for (const order of orders) if (order.status === 200) make(order, r.pick(['MERCHANT_REFUND_SUCCESS', 'MERCHANT_RETURN_SUCCESS']));
  const candidates = orders.filter((o) => [20, 21, 30, 100].includes(o.status));
  AFTERSALE_STATUSES.forEach((status, i) => {
    const order = candidates[(i * 7) % Math.max(1, candidates.length)];
    if (order) make(order, status);
  });
  return out;
}

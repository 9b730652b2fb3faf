import type { ExportOrder, ExportOrderItem, RefundStatus, TradeStatus } from './export-order.js';
import type { SeededRandom } from '@datong/sdk';
import {
  ENGLISH_NAMES,
  GIVEN_NAMES,
  NICKNAMES,
  ORDER_PREFIX,
  PRODUCTS,
  SHOPS,
  SURNAMES,
} from './order-vocabulary.js';

const STATUS_WEIGHTS: readonly (readonly [TradeStatus, number])[] = [
  ['WAIT_BUYER_PAY', 5],
  ['WAIT_SELLER_SEND_GOODS', 15],
  ['WAIT_BUYER_CONFIRM_GOODS', 20],
  ['TRADE_FINISHED', 50],
  ['TRADE_CLOSED', 10],
];

const REFUND_WEIGHTS: readonly (readonly [RefundStatus, number])[] = [
  ['NO_REFUND', 92],
  ['WAIT_SELLER_AGREE', 5],
  ['SUCCESS', 3],
];

// 2026-01-01T00:00:00+08:00 .. 2026-11-25T23:59:59+08:00, in epoch seconds.
const FIRST_CREATED = Date.UTC(2025, 11, 31, 16) / 1000;
const LAST_CREATED = Date.UTC(2026, 10, 25, 15, 59, 59) / 1000;
const CHINA_OFFSET_SECONDS = 8 * 3600;

/** The `index`-th order (0-based) of the file; its order number embeds the index, so it is unique. */
export function fakeOrder(random: SeededRandom, index: number): ExportOrder {
  const shop = random.weighted(SHOPS);
  const status = random.weighted(STATUS_WEIGHTS);
  // Only a paid order can be refunded.
  const refund =
    status === 'WAIT_BUYER_PAY' || status === 'TRADE_CLOSED' ? 'NO_REFUND' : random.weighted(REFUND_WEIGHTS);
  const created = random.int(FIRST_CREATED, LAST_CREATED);
  const modified =
    created + (status === 'WAIT_BUYER_PAY' ? random.int(0, 1800) : random.int(600, 15 * 86400));
  const items = fakeItems(random);
  const subtotal = items.reduce((sum, item) => sum + item.qty * item.cents, 0);
  const discount = Math.min(random.pick([0, 0, 0, 500, 1000, 2000]), subtotal - 1);
  const createdText = chinaTime(created);

  return {
    order_no: `${ORDER_PREFIX[shop] ?? 'XX'}${createdText.slice(0, 10).replaceAll('-', '')}${String(index + 1).padStart(6, '0')}`,
    shop,
    buyer_nick: buyerNick(random),
    buyer_phone: buyerPhone(random),
    status,
    refund_status: refund,
    payment: money(subtotal - discount),
    currency: 'CNY',
    created: createdText,
    modified: chinaTime(modified),
    items: items.map(({ cents, ...item }) => ({ ...item, price: money(cents) })),
  };
}

function fakeItems(random: SeededRandom): (Omit<ExportOrderItem, 'price'> & { cents: number })[] {
  const count = random.weighted([[1, 60], [2, 30], [3, 10]] as const);
  const items = [];
  for (let i = 0; i < count; i++) {
    const product = random.pick(PRODUCTS);
    items.push({ sku: product.sku, title: product.title, qty: random.int(1, 3), cents: product.price });
  }
  return items;
}

function buyerNick(random: SeededRandom): string {
  const kind = random.next();
  if (kind < 0.55) {
    const given = random.pick(GIVEN_NAMES) + (random.next() < 0.3 ? random.pick(GIVEN_NAMES) : '');
    return random.pick(SURNAMES) + given;
  }
  return kind < 0.75 ? random.pick(ENGLISH_NAMES) : random.pick(NICKNAMES);
}

function buyerPhone(random: SeededRandom): string {
  const head = `1${random.pick(['3', '5', '7', '8', '9'])}${random.int(0, 9)}`;
  const tail = String(random.int(0, 99_999_999)).padStart(8, '0');
  // Taobao masks the middle digits in most exports.
  return random.next() < 0.2 ? `${head}****${tail.slice(4)}` : head + tail;
}

/** Integer cents to a two-place decimal string, without going through a float. */
function money(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Epoch seconds as ISO-8601 in China time, e.g. 2026-11-25T10:15:30+08:00. */
function chinaTime(epochSeconds: number): string {
  return `${new Date((epochSeconds + CHINA_OFFSET_SECONDS) * 1000).toISOString().slice(0, 19)}+08:00`;
}

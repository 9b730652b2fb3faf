import { RecordError } from '@datong/sdk';
import t from 'tap';
import afterSaleSchema from '../contracts/after-sale.schema.json' with { type: 'json' };
import orderSchema from '../contracts/order.schema.json' with { type: 'json' };
import {
  AFTERSALE_STATUS_MAP, AFTER_SALE_STATUS_DESC_MAP, ORDER_STATUS_MAP, SKU_REFUND_STATUS_MAP, canonicalStatuses,
} from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/douyin.js';

const keys = (values: unknown[]) => values.filter((v) => v !== null).map(String).sort();

t.test('every table covers exactly the values its schema enum lists', async (t) => {
  t.same(Object.keys(ORDER_STATUS_MAP).sort(), keys(orderSchema.$defs.orderStatus.enum), 'order_status (orders and sku orders)');
  t.same(Object.keys(SKU_REFUND_STATUS_MAP).sort(), keys(orderSchema.$defs.skuOrder.properties.after_sale_info.properties.refund_status.enum), 'sku refund_status');
  t.same(Object.keys(AFTERSALE_STATUS_MAP).sort(), keys(afterSaleSchema.properties.aftersale_status.enum), 'aftersale_status');
  t.same(Object.keys(AFTER_SALE_STATUS_DESC_MAP).sort(), keys(afterSaleSchema.properties.after_sale_status_desc.enum), 'after_sale_status_desc');
  t.same(keys(orderSchema.$defs.orderStatus.enum), ['1', '101', '105', '2', '3', '4', '5'], 'the seven documented order statuses, 105 included');
});

t.test('what each order_status means', async (t) => {
  const of = (status: number, extra: Partial<Parameters<typeof canonicalStatuses>[0]> = {}) =>
    canonicalStatuses({ order_status: status, pay_time: status === 1 ? null : 1_700_000_000, pay_amount: 100, skus: [], ...extra });
  t.same(of(1), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(of(105), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, '105 is paid');
  t.same(of(2), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(of(101), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'partially_fulfilled', refund_status: 'none' });
  t.same(of(3), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' });
  t.same(of(4, { pay_time: null }), { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'cancelled before paying');
  t.same(of(4), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'cancelled after paying: the money went back');
  t.same(of(5), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
});

t.test('refunds come from each sku order, apart from the order status', async (t) => {
  const sku = (refund: number | undefined) => ({ order_status: 3, pay_amount: 50, refund_status: refund });
  const of = (...refunds: (number | undefined)[]) => canonicalStatuses({ order_status: 3, pay_time: 1, pay_amount: 100, skus: refunds.map(sku) });
  t.same(SKU_REFUND_STATUS_MAP, { '0': 'none', '1': 'requested', '2': 'requested', '3': 'refunded', '4': 'rejected' });
  t.match(of(0, undefined), { refund_status: 'none', payment_status: 'paid' });
  t.match(of(1, 0), { refund_status: 'requested', payment_status: 'paid' });
  t.match(of(2, 0), { refund_status: 'requested' });
  t.match(of(3, 0), { refund_status: 'partially_refunded', payment_status: 'partially_refunded', fulfillment_status: 'shipped' }, 'one of two skus refunded');
  t.match(of(3, 3), { refund_status: 'refunded', payment_status: 'refunded' });
  t.match(of(4, 0), { refund_status: 'rejected', payment_status: 'paid' });
});

t.test('after-sale statuses and their after_sale_status_desc', async (t) => {
  t.same(AFTER_SALE_STATUS_DESC_MAP, {
    in_aftersale: 'requested', refund: 'requested', refund_success: 'refunded', refund_fail: 'rejected', exchange_success: 'none', aftersale_close: 'none',
  });
  t.equal(AFTERSALE_STATUS_MAP['6'], 'in_aftersale', '6 awaiting the merchant');
  t.equal(AFTERSALE_STATUS_MAP['12'], 'refund_success', '12 succeeded');
  t.equal(AFTERSALE_STATUS_MAP['14'], 'exchange_success', '14 exchange succeeded');
  t.equal(AFTERSALE_STATUS_MAP['28'], 'refund_fail', '28 failed');
  t.equal(AFTERSALE_STATUS_MAP['27'], 'in_aftersale', '27 refused once: the buyer may escalate');
});

t.test('an undocumented value is an UNMAPPED_VALUE naming field and value', async (t) => {
  t.throws(() => canonicalStatuses({ order_status: 99, pay_time: null, pay_amount: 1, skus: [] }), { code: 'UNMAPPED_VALUE', message: /order_status 99/ });
  t.throws(() => canonicalStatuses({ order_status: 3, pay_time: 1, pay_amount: 1, skus: [{ order_status: 7, pay_amount: 1, refund_status: 0 }] }), { code: 'UNMAPPED_VALUE', message: /sku order_status 7/ });
  t.throws(() => canonicalStatuses({ order_status: 3, pay_time: 1, pay_amount: 1, skus: [{ order_status: 3, pay_amount: 1, refund_status: 9 }] }), RecordError);
});

t.test('over the emulator: every status is served and mapped; an unknown one is dead-lettered and the run goes on', async (t) => {
  const emu = await emulator(t, { orders: 30 });
  emu.store.orders[0]!.order_status = 99;
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 29, 'the other orders are read');
  t.equal(read.invalid.length, 1);
  t.equal(read.invalid[0]?.code, 'UNMAPPED_VALUE');
  t.match(read.invalid[0]?.invalid, /order_status 99/);
  const served = new Set(read.records.map((r) => String(r.order_status)));
  t.same([...served].sort(), ['101', '105', '2', '3', '4', '5'], 'every other status is among the seeded orders');
  t.ok(read.records.some((r) => r.refund_status === 'refunded' || r.refund_status === 'partially_refunded'), 'refunds are served');
  const sales = await openStream(configFor(emu), 'after_sales');
  const cases = await readAll(sales.stream, sales.ctx);
  t.same([...new Set(cases.records.map((r) => r.aftersale_status))].sort((a, b) => Number(a) - Number(b)), [3, 6, 7, 8, 11, 12, 13, 14, 27, 28, 29], 'every aftersale_status is served');
});

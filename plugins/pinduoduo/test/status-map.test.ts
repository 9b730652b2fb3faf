import { readFileSync } from 'node:fs';
import { RecordError } from '@datong/sdk';
import t from 'tap';
import {
  AFTER_SALES_STATUS_MAP, CONFIRM_STATUS_MAP, GROUP_STATUS_MAP, ORDER_STATUS_MAP, REFUND_STATUS_MAP, canonicalStatuses, type PddStatusFacts,
} from '../src/index.js';

const schema = JSON.parse(readFileSync(new URL('../contracts/order.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, { enum: unknown[] }> };
const enumOf = (field: string) => schema.properties[field]!.enum.map(String).sort();
const keysOf = (table: object) => Object.keys(table).sort();

const facts = (over: Partial<PddStatusFacts> = {}): PddStatusFacts => ({
  order_status: 1, refund_status: 1, confirm_status: 1, group_status: 1, after_sales_status: 0, paid: true, ...over,
});

t.test("each table's keys are exactly its field's schema enum", async (t) => {
  t.same(keysOf(ORDER_STATUS_MAP), enumOf('order_status'), 'order_status');
  t.same(keysOf(REFUND_STATUS_MAP), enumOf('pdd_refund_status'), 'refund_status (kept as pdd_refund_status)');
  t.same(keysOf(CONFIRM_STATUS_MAP), enumOf('confirm_status'), 'confirm_status');
  t.same(keysOf(GROUP_STATUS_MAP), enumOf('group_status'), 'group_status');
  t.same(keysOf(AFTER_SALES_STATUS_MAP), enumOf('after_sales_status'), 'after_sales_status');
  t.same(keysOf(AFTER_SALES_STATUS_MAP).map(Number).sort((a, b) => a - b), [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 27, 31, 32], 'every documented after-sales value, 14–18 and 21–25 included');
});

t.test('each value means what PDD documents', async (t) => {
  t.same(ORDER_STATUS_MAP, { 1: 'unfulfilled', 2: 'shipped', 3: 'delivered' });
  t.same(REFUND_STATUS_MAP, { 1: 'none', 2: 'requested', 3: 'requested', 4: 'refunded' });
  t.same(CONFIRM_STATUS_MAP, { 0: 'pending', 1: 'open', 2: 'cancelled' });
  t.same(GROUP_STATUS_MAP, { 0: 'pending', 1: 'open', 2: 'cancelled' });
  const bucket = (meaning: string) => Object.entries(AFTER_SALES_STATUS_MAP).filter(([, v]) => v === meaning).map(([k]) => Number(k)).sort((a, b) => a - b);
  t.same(bucket('refunded'), [10], '10 退款成功');
  t.same(bucket('rejected'), [6, 9], '6 驳回退款, 9 平台拒绝退款');
  t.same(bucket('requested'), [2, 3, 4, 5, 7, 8, 31], 'cases where money may still go back');
  t.same(bucket('none'), [0, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 27, 32], 'no case, withdrawn or lapsed, exchange, re-send, repair');
  for (const [field, table] of [['order_status', ORDER_STATUS_MAP], ['refund_status', REFUND_STATUS_MAP], ['confirm_status', CONFIRM_STATUS_MAP], ['group_status', GROUP_STATUS_MAP], ['after_sales_status', AFTER_SALES_STATUS_MAP]] as const) {
    for (const value of Object.keys(table)) t.doesNotThrow(() => canonicalStatuses(facts({ [field]: Number(value) })), `${field} ${value}`);
  }
});

t.test('the four statuses stay separate', async (t) => {
  t.same(canonicalStatuses(facts()), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'awaiting shipment');
  t.same(canonicalStatuses(facts({ group_status: 0, confirm_status: 0 })), { lifecycle_status: 'pending', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'group forming');
  t.same(canonicalStatuses(facts({ group_status: 2, confirm_status: 2, refund_status: 4 })), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'group failed: cancelled and refunded');
  t.same(canonicalStatuses(facts({ confirm_status: 2 })), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'deal cancelled after payment');
  t.same(canonicalStatuses(facts({ confirm_status: 2, paid: false })).payment_status, 'voided', 'cancelled before payment');
  t.same(canonicalStatuses(facts({ order_status: 2 })), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' }, 'shipped');
  t.same(canonicalStatuses(facts({ order_status: 3 })), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' }, 'received');
  t.same(canonicalStatuses(facts({ order_status: 3, after_sales_status: 3, refund_status: 2 })), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'requested' }, 'return requested after receipt');
  t.same(canonicalStatuses(facts({ after_sales_status: 10, refund_status: 4 })), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'refunded before shipping');
  t.same(canonicalStatuses(facts({ order_status: 3, after_sales_status: 9 })).refund_status, 'rejected', 'refund refused by the platform');
  t.same(canonicalStatuses(facts({ order_status: 3, after_sales_status: 16 })).refund_status, 'none', 'an exchange returns no money');
});

t.test('an undocumented value is a RecordError UNMAPPED_VALUE naming field and value', async (t) => {
  for (const [field, value] of [['order_status', 4], ['refund_status', 5], ['confirm_status', 3], ['group_status', 9], ['after_sales_status', 19], ['after_sales_status', 1]] as const) {
    let error: unknown;
    try {
      canonicalStatuses(facts({ [field]: value }));
    } catch (e) {
      error = e;
    }
    t.ok(error instanceof RecordError, `${field} ${value}: a RecordError`);
    t.match(error, { code: 'UNMAPPED_VALUE', message: new RegExp(`${field} ${value} `) }, `${field} ${value}: named`);
  }
});

t.test('over the emulator, an undocumented value becomes an UNMAPPED_VALUE dead letter and the run goes on', async (t) => {
  const { configFor, emulator, openStream, readAll } = await import('./helpers/pdd.js');
  const emu = await emulator(t);
  const odd = emu.store.orders[7]!;
  odd.after_sales_status = 19;
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(new Set(read.records.map((r) => r.order_sn)).size, emu.store.orders.length - 1, 'every other order is read');
  t.ok(read.invalid.length >= 1, 'dead-lettered (once per window it is served in)');
  t.match(read.invalid[0], { code: 'UNMAPPED_VALUE', invalid: new RegExp(`^${odd.orderSn}@.*after_sales_status 19 `) });
});

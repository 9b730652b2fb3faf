import t from 'tap';
import orderSchema from '../contracts/order.schema.json' with { type: 'json' };
import { ORDER_STATUSES } from '../emulator/index.js';
import { ORDER_STATUS_MAP, canonicalStatuses } from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/woo.js';

const facts = (status: string, extra: Partial<Parameters<typeof canonicalStatuses>[0]> = {}) =>
  canonicalStatuses({ status, datePaid: null, dateCompleted: null, refundTotals: [], ...extra });

t.test('the table covers exactly the statuses the schema lists (and the emulator serves)', async (t) => {
  const schemaEnum = orderSchema.properties.status.enum;
  t.same(Object.keys(ORDER_STATUS_MAP).sort(), [...schemaEnum].sort());
  t.same([...ORDER_STATUSES].sort(), [...schemaEnum].sort());
  const canonical = orderSchema.properties;
  for (const row of Object.values(ORDER_STATUS_MAP)) {
    t.ok(canonical.lifecycle_status.enum.includes(row.lifecycle_status));
    t.ok(canonical.payment_status.enum.includes(row.payment_status));
    t.ok(canonical.fulfillment_status.enum.includes(row.fulfillment_status));
    t.ok(canonical.refund_status.enum.includes(row.refund_status));
  }
});

t.test('each status means what WooCommerce documents', async (t) => {
  t.same(facts('pending'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'pending: awaiting payment');
  t.same(facts('processing'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'processing: paid, to fulfil');
  t.same(facts('on-hold'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'on-hold: awaiting confirmation');
  t.same(facts('completed'), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' }, 'completed: fulfilled');
  t.same(facts('cancelled'), { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'cancelled');
  t.same(facts('refunded'), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'refunded: fully');
  t.same(facts('failed'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'failed: the buyer may pay again');
  t.same(facts('checkout-draft'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'checkout-draft: not submitted');
  t.same(facts('trash'), { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'trash');
});

t.test('the order\'s facts refine the row', async (t) => {
  t.equal(facts('on-hold', { datePaid: '2026-12-01T10:00:00' }).payment_status, 'paid', 'on-hold with a recorded payment is paid');
  t.equal(facts('trash', { datePaid: '2026-12-01T10:00:00' }).payment_status, 'paid', 'a trashed paid order stays paid');
  const partial = facts('completed', { refundTotals: ['-5.00'] });
  t.equal(partial.refund_status, 'partially_refunded');
  t.equal(partial.payment_status, 'partially_refunded');
  t.equal(facts('completed', { refundTotals: ['0.00'] }).refund_status, 'none', 'a zero refund refunds nothing');
  t.equal(facts('refunded', { dateCompleted: '2026-12-01T10:00:00' }).fulfillment_status, 'returned', 'refunded after completion: returned');
});

t.test('an undocumented status is an UNMAPPED_VALUE naming it', async (t) => {
  t.throws(() => facts('shipped'), { code: 'UNMAPPED_VALUE', message: /status "shipped"/ });
});

t.test('over the emulator: every status is served and mapped; a custom status is dead-lettered, the run goes on', async (t) => {
  const emu = await emulator(t);
  const victim = emu.store.orders[3]!;
  await fetch(`${emu.url}/_emulator/set-status`, { method: 'POST', body: JSON.stringify({ id: victim.id, status: 'shipped' }) });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.same(new Set(read.records.map((r) => r.status)), new Set(ORDER_STATUSES), 'every documented status was read');
  t.equal(read.invalid.length, 1, 'one invalid item');
  t.equal(read.invalid[0]?.code, 'UNMAPPED_VALUE');
  t.match(read.invalid[0]?.invalid, new RegExp(`^${victim.id}@.*status "shipped"`));
  t.equal(read.records.length, emu.store.orders.length - 1, 'every other order was read');
});

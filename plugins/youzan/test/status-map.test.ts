import t from 'tap';
import orderSchema from '../contracts/order.schema.json' with { type: 'json' };
import refundSchema from '../contracts/refund.schema.json' with { type: 'json' };
import { REFUND_CASE_STATUSES, REFUND_STATES, TRADE_STATUSES } from '../emulator/index.js';
import { canonicalStatuses, ORDER_STATUS_MAP, REFUND_CASE_STATUS_MAP, REFUND_STATE_MAP } from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/youzan.js';

const sorted = (xs: readonly unknown[]) => xs.map(String).sort();

t.test('the tables list exactly the values the schemas list', async (t) => {
  t.same(sorted(Object.keys(ORDER_STATUS_MAP)), sorted(orderSchema.properties.status.enum), 'order_info.status');
  t.same(sorted(Object.keys(REFUND_STATE_MAP)), sorted(orderSchema.properties.refund_state.enum), 'order_info.refund_state');
  t.same(sorted(Object.keys(REFUND_CASE_STATUS_MAP)), sorted(refundSchema.properties.status.enum), 'refund case status');
  t.same(sorted(TRADE_STATUSES), sorted(orderSchema.properties.status.enum), 'the emulator serves the same statuses');
  t.same(sorted(REFUND_STATES), sorted(orderSchema.properties.refund_state.enum));
  t.same(sorted(REFUND_CASE_STATUSES), sorted(refundSchema.properties.status.enum));
});

t.test('each status means what Youzan documents', async (t) => {
  const at = '2026-11-01T10:00:00+08:00';
  const facts = (status: string, extra: Partial<Parameters<typeof canonicalStatuses>[0]> = {}) => canonicalStatuses({ status, refundState: 0, payTime: at, consignTime: null, ...extra });
  t.same(facts('WAIT_BUYER_PAY', { payTime: null }), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(facts('TRADE_PAID'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(facts('WAIT_CONFIRM'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(facts('WAIT_SELLER_SEND_GOODS'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(facts('WAIT_BUYER_CONFIRM_GOODS', { consignTime: at }), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' });
  t.same(facts('TRADE_BUYER_SIGNED', { consignTime: at }), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
  t.same(facts('TRADE_SUCCESS', { consignTime: at }), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
  t.same(facts('TRADE_CLOSED', { payTime: null }), { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'closed before payment');
  t.same(facts('TRADE_CLOSED', { refundState: 12 }), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'closed by a full refund');
  t.same(facts('TRADE_CLOSED', { refundState: 12, consignTime: at }).fulfillment_status, 'returned', 'refunded after shipping: returned');
  t.same(facts('TRADE_SUCCESS', { refundState: 2 }).payment_status, 'partially_refunded');
  t.equal(facts('TRADE_SUCCESS', { refundState: 1 }).refund_status, 'requested');
  t.equal(facts('TRADE_SUCCESS', { refundState: 11 }).refund_status, 'requested');
  t.same(REFUND_CASE_STATUS_MAP, {
    WAIT_SELLER_AGREE: 'requested', WAIT_BUYER_RETURN_GOODS: 'requested', WAIT_SELLER_CONFIRM_GOODS: 'requested',
    SELLER_REFUSE_BUYER: 'rejected', SELLER_REFUSE_BUYER_RETURN_GOODS: 'rejected', CLOSED: 'none', SUCCESS: 'refunded',
  });
});

t.test('an undocumented value is UNMAPPED_VALUE naming field and value', async (t) => {
  t.throws(() => canonicalStatuses({ status: 'TRADE_TELEPORTED', refundState: 0, payTime: null, consignTime: null }), { code: 'UNMAPPED_VALUE', message: /order_info\.status "TRADE_TELEPORTED"/ });
  t.throws(() => canonicalStatuses({ status: 'TRADE_SUCCESS', refundState: 7, payTime: null, consignTime: null }), { code: 'UNMAPPED_VALUE', message: /refund_state "7"/ });
});

t.test('a read serves every status; an unknown one becomes a dead letter and the run goes on', async (t) => {
  const emu = await emulator(t);
  emu.store.orders[3]!.status = 'TRADE_TELEPORTED' as never;
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, emu.store.orders.length - 1);
  t.same(sorted([...new Set(read.records.map((r) => r.status))]), sorted(TRADE_STATUSES), 'every status is read');
  t.same(sorted([...new Set(read.records.map((r) => r.refund_state))]), sorted(REFUND_STATES), 'every refund state is read');
  t.equal(read.invalid.length, 1);
  t.equal(read.invalid[0]!.code, 'UNMAPPED_VALUE');
  t.match(read.invalid[0]!.invalid, /TRADE_TELEPORTED/);
});

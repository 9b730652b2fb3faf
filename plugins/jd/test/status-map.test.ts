import { readFileSync } from 'node:fs';
import { RecordError } from '@datong/sdk';
import t from 'tap';
import { ORDER_STATE_MAP, canonicalStatuses } from '../src/index.js';

const schema = JSON.parse(readFileSync(new URL('../contracts/order.schema.json', import.meta.url), 'utf8')) as { properties: { order_state: { enum: string[] } } };

t.test('the table covers exactly the order_state values the schema lists', async (t) => {
  t.same(Object.keys(ORDER_STATE_MAP).sort(), [...schema.properties.order_state.enum].sort());
  t.equal(Object.keys(ORDER_STATE_MAP).length, 8);
});

t.test('each state means what JD says', async (t) => {
  const s = (orderState: string, extra = {}) => canonicalStatuses({ orderState, paymentConfirmTime: '2026-12-01 10:00:00', payType: '4-在线支付', ...extra });
  t.same(s('WAIT_SELLER_STOCK_OUT'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(s('WAIT_GOODS_RECEIVE_CONFIRM'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' });
  t.same(s('WAIT_SELLER_DELIVERY').fulfillment_status, 'unfulfilled', 'cross-border awaiting domestic shipment');
  t.same(s('PAUSE').lifecycle_status, 'open');
  t.same(s('POP_ORDER_PAUSE').lifecycle_status, 'open');
  t.same(s('FINISHED_L'), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
  t.same(s('LOCKED'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'requested' }, 'LOCKED = refund requested');
  t.equal(s('LOCKED', { waybill: 'JDV1' }).fulfillment_status, 'shipped', 'locked after shipping');
  t.same(s('TRADE_CANCELED', { paymentConfirmTime: '' }), { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'cancelled unpaid');
  t.same(s('TRADE_CANCELED'), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'cancelled after payment');
  t.equal(s('WAIT_GOODS_RECEIVE_CONFIRM', { payType: '1-货到付款', paymentConfirmTime: '' }).payment_status, 'unpaid', 'cash on delivery pays on delivery');
  t.equal(s('FINISHED_L', { payType: '1-货到付款' }).payment_status, 'paid');
});

t.test('an undocumented state is an UNMAPPED_VALUE RecordError naming field and value', async (t) => {
  let error: unknown;
  try {
    canonicalStatuses({ orderState: 'TELEPORTED' });
  } catch (e) {
    error = e;
  }
  t.ok(error instanceof RecordError);
  t.match(error, { code: 'UNMAPPED_VALUE', message: /order_state "TELEPORTED"/ });
});

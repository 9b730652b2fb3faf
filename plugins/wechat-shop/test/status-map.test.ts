import { RecordError } from '@datong/sdk';
import t from 'tap';
import aftersaleSchema from '../contracts/aftersale.schema.json' with { type: 'json' };
import orderSchema from '../contracts/order.schema.json' with { type: 'json' };
import { AFTERSALE_STATUSES, CHANNELS_ORDER_STATUSES, MINISHOP_ORDER_STATUSES } from '../emulator/index.js';
import { AFTERSALE_STATUS_MAP, ORDER_STATUS_MAP, STATUSES_BY_API, aftersaleStatus, orderStatuses, type OrderStatusFacts } from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/wechat.js';

const facts = (status: number, over: Partial<OrderStatusFacts> = {}): OrderStatusFacts => ({ api: 'channels', status, paid: false, shipped: false, aftersaleInProgress: false, ...over });
const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

t.test('the order table covers exactly the statuses the schema lists', async (t) => {
  t.same(Object.keys(ORDER_STATUS_MAP).map(Number).sort((a, b) => a - b), [...orderSchema.properties.status.enum].sort((a, b) => a - b));
  t.same([...STATUSES_BY_API.channels], [...CHANNELS_ORDER_STATUSES], "the Channels shop's statuses agree with the emulator's own list");
  t.same([...STATUSES_BY_API.minishop], [...MINISHOP_ORDER_STATUSES], "the mini-program shop's too");
});

t.test('each order status means what WeChat documents', async (t) => {
  const expect: Record<number, [string, string, string, string]> = {
    10: ['pending', 'unpaid', 'unfulfilled', 'none'],
    12: ['pending', 'paid', 'unfulfilled', 'none'],
    13: ['pending', 'paid', 'unfulfilled', 'none'],
    20: ['open', 'paid', 'unfulfilled', 'none'],
    21: ['open', 'paid', 'partially_fulfilled', 'none'],
    30: ['open', 'paid', 'shipped', 'none'],
    100: ['completed', 'paid', 'delivered', 'none'],
    190: ['cancelled', 'refunded', 'unfulfilled', 'refunded'],
    200: ['cancelled', 'refunded', 'returned', 'refunded'],
    250: ['cancelled', 'unpaid', 'unfulfilled', 'none'],
    1010: ['pending', 'partially_paid', 'unfulfilled', 'none'],
  };
  for (const [status, [lifecycle, payment, fulfillment, refund]] of Object.entries(expect)) {
    const api = status === '1010' ? 'minishop' : 'channels';
    t.same(orderStatuses(facts(Number(status), { api, shipped: status === '200' })), { lifecycle_status: lifecycle, payment_status: payment, fulfillment_status: fulfillment, refund_status: refund }, `${status}: ${ORDER_STATUS_MAP[Number(status) as 10].meaning}`);
  }
});

t.test("an order's facts refine its status", async (t) => {
  t.same(orderStatuses(facts(250, { paid: true })), { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' }, 'a paid order cancelled was refunded');
  t.equal(orderStatuses(facts(200)).fulfillment_status, 'unfulfilled', 'refunded in full before shipping: nothing returned');
  t.equal(orderStatuses(facts(30, { aftersaleInProgress: true })).refund_status, 'requested', 'an after-sale in progress is a requested refund');
});

t.test('an undocumented status is an UNMAPPED_VALUE record error naming field and value', async (t) => {
  for (const [status, api] of [[999, 'channels'], [1010, 'channels'], [42, 'minishop']] as const) {
    const error = thrown(() => orderStatuses(facts(status, { api })));
    t.ok(error instanceof RecordError, `${status} (${api})`);
    t.match(error, { code: 'UNMAPPED_VALUE', message: new RegExp(`"status".*"${status}"`) });
  }
  t.match(thrown(() => aftersaleStatus('TELEPORTED')), { code: 'UNMAPPED_VALUE', message: /"TELEPORTED"/ });
});

t.test('the after-sale table covers exactly the statuses the schema lists', async (t) => {
  t.same(Object.keys(AFTERSALE_STATUS_MAP).sort(), [...aftersaleSchema.properties.status.enum].sort());
  t.same(Object.keys(AFTERSALE_STATUS_MAP).sort(), [...AFTERSALE_STATUSES].sort(), "and the emulator's own list");
  const refunded = Object.entries(AFTERSALE_STATUS_MAP).filter(([, m]) => m.refund_status === 'refunded').map(([s]) => s);
  t.same(refunded.sort(), ['MERCHANT_REFUND_SUCCESS', 'MERCHANT_RETURN_SUCCESS']);
  const rejected = Object.entries(AFTERSALE_STATUS_MAP).filter(([, m]) => m.refund_status === 'rejected').map(([s]) => s);
  t.same(rejected.sort(), ['MERCHANT_FAIL', 'MERCHANT_REJECT_REFUND', 'MERCHANT_REJECT_RESHIP', 'MERCHANT_REJECT_RETURN']);
  t.same(aftersaleStatus('USER_CANCELD'), { meaning: 'buyer withdrew the request', refund_status: 'none', closed: true });
  t.equal(aftersaleStatus('MERCHANT_PROCESSING').refund_status, 'requested');
});

t.test('over the wire: every status is served and mapped; an undocumented one is dead-lettered and the run goes on', async (t) => {
  const emu = await emulator(t);
  const target = emu.store.orders[5]!;
  await fetch(`${emu.url}/_emulator/set-status`, { method: 'POST', body: JSON.stringify({ orderId: target.orderId, status: 15 }) });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.same([...new Set(read.records.map((r) => r.status))].sort((a, b) => Number(a) - Number(b)), [...CHANNELS_ORDER_STATUSES], 'every Channels status came over the wire');
  t.equal(read.invalid.length, 1);
  t.match(read.invalid[0], { code: 'UNMAPPED_VALUE', invalid: new RegExp(`${target.orderId}.*"status".*"15"`) });
  t.equal(read.records.length, emu.store.orders.length - 1, 'every other order was read');
});

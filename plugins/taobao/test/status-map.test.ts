import { readFileSync } from 'node:fs';
import { RecordError } from '@datong/sdk';
import t from 'tap';
import { REFUND_STATUS_MAP, STEP_TRADE_STATUS_MAP, TRADE_STATUS_MAP, canonicalStatuses, type TradeStatusFacts } from '../src/index.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../contracts/${name}.schema.json`, import.meta.url), 'utf8'));
const order = schema('order');
const refund = schema('refund');
const sorted = (values: unknown[]) => values.filter((v) => v !== null).map(String).sort();

const facts = (status: string, over: Partial<TradeStatusFacts> = {}): TradeStatusFacts => ({
  status, stepTradeStatus: null, orders: [{ refundStatus: 'NO_REFUND', shipped: false }], ...over,
});

t.test('the tables cover exactly the values the stream schemas list', async (t) => {
  t.same(sorted(Object.keys(TRADE_STATUS_MAP)), sorted(order.properties.status.enum), 'trade status');
  t.equal(Object.keys(TRADE_STATUS_MAP).length, 12, 'TRADE_NO_CREATE_PAY … PAY_PENDING, PAID_FORBID_CONSIGN');
  t.same(sorted(Object.keys(REFUND_STATUS_MAP)), sorted(order.$defs.subOrder.properties.refund_status.enum), 'sub-order refund_status');
  t.same(sorted(Object.keys(REFUND_STATUS_MAP).filter((s) => s !== 'NO_REFUND')), sorted(refund.properties.status.enum), 'refund status');
  t.same(sorted(Object.keys(STEP_TRADE_STATUS_MAP)), sorted(order.properties.step_trade_status.enum), 'step_trade_status');
  for (const status of Object.keys(TRADE_STATUS_MAP)) t.doesNotThrow(() => canonicalStatuses(facts(status)), status);
});

t.test('each trade status means what TOP documents', async (t) => {
  const c = (status: string, over?: Partial<TradeStatusFacts>) => canonicalStatuses(facts(status, over));
  t.same(c('TRADE_NO_CREATE_PAY'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(c('WAIT_BUYER_PAY'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(c('PAY_PENDING'), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'foreign card still confirming');
  t.same(c('WAIT_PRE_AUTH_CONFIRM'), { lifecycle_status: 'pending', payment_status: 'authorized', fulfillment_status: 'unfulfilled', refund_status: 'none' }, '0-yuan contract: funds frozen');
  t.same(c('WAIT_SELLER_SEND_GOODS'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(c('PAID_FORBID_CONSIGN'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(c('SELLER_CONSIGNED_PART'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'partially_fulfilled', refund_status: 'none' });
  t.same(c('WAIT_BUYER_CONFIRM_GOODS'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none' });
  t.same(c('TRADE_BUYER_SIGNED'), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
  t.same(c('TRADE_FINISHED'), { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'none' });
});

t.test('TRADE_CLOSED (after payment, refunded) and TRADE_CLOSED_BY_TAOBAO (before payment) are told apart', async (t) => {
  const closed = canonicalStatuses(facts('TRADE_CLOSED', { orders: [{ refundStatus: 'SUCCESS', shipped: false }] }));
  t.same(closed, { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'unfulfilled', refund_status: 'refunded' });
  const returned = canonicalStatuses(facts('TRADE_CLOSED', { orders: [{ refundStatus: 'SUCCESS', shipped: true }] }));
  t.equal(returned.fulfillment_status, 'returned', 'goods that had left came back');
  const byTaobao = canonicalStatuses(facts('TRADE_CLOSED_BY_TAOBAO'));
  t.same(byTaobao, { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
});

t.test('pre-sale trades: the deposit makes a waiting trade partially paid', async (t) => {
  const step = (status: string, stepTradeStatus: string) => canonicalStatuses(facts(status, { stepTradeStatus }));
  t.same(step('WAIT_BUYER_PAY', 'FRONT_PAID_FINAL_NOPAID'), { lifecycle_status: 'open', payment_status: 'partially_paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(step('TRADE_NO_CREATE_PAY', 'FRONT_NOPAID_FINAL_NOPAID').payment_status, 'unpaid');
  t.same(step('WAIT_SELLER_SEND_GOODS', 'FRONT_PAID_FINAL_PAID').payment_status, 'paid');
  t.same(step('TRADE_CLOSED_BY_TAOBAO', 'FRONT_PAID_FINAL_NOPAID').lifecycle_status, 'cancelled', 'a closed trade stays closed');
});

t.test('sub-order refund statuses make the trade refund status, and touch the payment', async (t) => {
  const lines = (...statuses: string[]) => canonicalStatuses(facts('WAIT_BUYER_CONFIRM_GOODS', { orders: statuses.map((refundStatus) => ({ refundStatus, shipped: true })) }));
  t.same(REFUND_STATUS_MAP, {
    NO_REFUND: 'none', WAIT_SELLER_AGREE: 'requested', WAIT_BUYER_RETURN_GOODS: 'requested', WAIT_SELLER_CONFIRM_GOODS: 'requested',
    WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: 'requested', EXCHANGE_TRANSFORM_TO_REFUND: 'requested', WAIT_SELLER_CONSIGN_GOODS: 'requested',
    SELLER_REFUSE_BUYER: 'rejected', CLOSED: 'none', SUCCESS: 'refunded',
  });
  t.equal(lines('NO_REFUND', 'CLOSED').refund_status, 'none');
  t.equal(lines('NO_REFUND', 'WAIT_SELLER_AGREE').refund_status, 'requested');
  t.equal(lines('SELLER_REFUSE_BUYER').refund_status, 'rejected');
  t.same(lines('SUCCESS', 'NO_REFUND'), { lifecycle_status: 'open', payment_status: 'partially_refunded', fulfillment_status: 'shipped', refund_status: 'partially_refunded' });
  t.same(lines('SUCCESS', 'SUCCESS').payment_status, 'refunded');
  t.equal(lines('SUCCESS', 'WAIT_SELLER_AGREE').refund_status, 'partially_refunded', 'money already back outranks a request still open');
});

t.test('an undocumented value is a RecordError with code UNMAPPED_VALUE naming field and value', async (t) => {
  const cases: [string, Partial<TradeStatusFacts>, string][] = [
    ['TRADE_TELEPORTED', {}, 'status'],
    ['WAIT_BUYER_PAY', { stepTradeStatus: 'FRONT_HALF_PAID' }, 'step_trade_status'],
    ['TRADE_FINISHED', { orders: [{ refundStatus: 'REFUND_ON_MARS', shipped: true }] }, 'refund_status'],
  ];
  for (const [status, over, field] of cases) {
    const error = (() => {
      try {
        canonicalStatuses(facts(status, over));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    t.ok(error instanceof RecordError, `${field}: a RecordError (dead-lettered, the run goes on)`);
    t.match(error, { code: 'UNMAPPED_VALUE', message: new RegExp(`${field}.*"${over.stepTradeStatus ?? over.orders?.[0]?.refundStatus ?? status}"`) });
  }
});

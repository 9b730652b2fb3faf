import { readFileSync } from 'node:fs';
import { RecordError } from '@datong/sdk';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import t from 'tap';
import { FINANCIAL_STATUS_MAP, FULFILLMENT_STATUS_MAP, canonicalStatuses, type OrderStatusFacts } from '../src/index.js';

// The emulator's schema is Shopify's 2025-01 SDL: its enums are the values Shopify can send.
const schema = buildSchema(readFileSync(new URL('../emulator/admin-schema.graphql', import.meta.url), 'utf8'));
const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);

const facts = (over: Partial<OrderStatusFacts> = {}): OrderStatusFacts => ({
  displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'UNFULFILLED', cancelledAt: null, closedAt: null, fulfillments: [], refunds: [], ...over,
});

t.test('every OrderDisplayFinancialStatus and OrderDisplayFulfillmentStatus value has a mapping', async (t) => {
  const financial = values('OrderDisplayFinancialStatus');
  const fulfillment = values('OrderDisplayFulfillmentStatus');
  t.equal(financial.length, 8);
  t.equal(fulfillment.length, 10);
  t.same(financial.filter((v) => !(v in FINANCIAL_STATUS_MAP)), [], 'no financial status unmapped');
  t.same(fulfillment.filter((v) => !(v in FULFILLMENT_STATUS_MAP)), [], 'no fulfillment status unmapped');
  for (const value of financial) t.doesNotThrow(() => canonicalStatuses(facts({ displayFinancialStatus: value })), value);
  for (const value of fulfillment) t.doesNotThrow(() => canonicalStatuses(facts({ displayFulfillmentStatus: value })), value);
});

t.test('an unknown value is a RecordError that names it', async (t) => {
  for (const over of [{ displayFinancialStatus: 'PARTIALLY_AUTHORIZED' }, { displayFulfillmentStatus: 'TELEPORTED' }]) {
    const value = Object.values(over)[0]!;
    let error: unknown;
    try {
      canonicalStatuses(facts(over));
    } catch (e) {
      error = e;
    }
    t.ok(error instanceof RecordError, `${value}: a RecordError (dead-lettered, the run goes on)`);
    t.match(error, { code: 'UNMAPPED_VALUE', message: `"${value}"` }, `${value}: named in the message`);
  }
});

t.test('the four statuses stay separate', async (t) => {
  t.same(canonicalStatuses(facts()), { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' });
  t.same(canonicalStatuses(facts({ displayFinancialStatus: 'PENDING' })), { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }, 'awaiting payment');
  t.same(canonicalStatuses(facts({ displayFinancialStatus: null })).payment_status, 'unpaid', 'no financial status yet');
  t.same(canonicalStatuses(facts({ displayFinancialStatus: 'PARTIALLY_REFUNDED', displayFulfillmentStatus: 'FULFILLED', fulfillments: [{ status: 'SUCCESS', deliveredAt: null }], refunds: [{ amount: '10.00' }] })),
    { lifecycle_status: 'open', payment_status: 'partially_refunded', fulfillment_status: 'shipped', refund_status: 'partially_refunded' }, 'shipped and partly refunded');
});

t.test('cancellation wins over closing, and closing means completed', async (t) => {
  const cancelled = canonicalStatuses(facts({ displayFinancialStatus: 'REFUNDED', displayFulfillmentStatus: 'RESTOCKED', cancelledAt: '2025-01-02T00:00:00Z', closedAt: '2025-01-02T00:00:00Z' }));
  t.same(cancelled, { lifecycle_status: 'cancelled', payment_status: 'refunded', fulfillment_status: 'returned', refund_status: 'refunded' });
  t.equal(canonicalStatuses(facts({ closedAt: '2025-01-03T00:00:00Z', displayFulfillmentStatus: 'FULFILLED' })).lifecycle_status, 'completed');
});

t.test('fulfilled is delivered only when every successful fulfillment was delivered', async (t) => {
  const f = (fulfillments: OrderStatusFacts['fulfillments']) => canonicalStatuses(facts({ displayFulfillmentStatus: 'FULFILLED', fulfillments })).fulfillment_status;
  t.equal(f([{ status: 'SUCCESS', deliveredAt: '2025-01-04T00:00:00Z' }]), 'delivered');
  t.equal(f([{ status: 'SUCCESS', deliveredAt: '2025-01-04T00:00:00Z' }, { status: 'SUCCESS', deliveredAt: null }]), 'shipped');
  t.equal(f([{ status: 'SUCCESS', deliveredAt: '2025-01-04T00:00:00Z' }, { status: 'CANCELLED', deliveredAt: null }]), 'delivered', 'a cancelled fulfillment does not hold it back');
  t.equal(f([]), 'shipped');
});

t.test('a recorded refund the financial status has not caught up with is a partial refund', async (t) => {
  t.equal(canonicalStatuses(facts({ displayFinancialStatus: 'PARTIALLY_PAID', refunds: [{ amount: '5.00' }] })).refund_status, 'partially_refunded');
  t.equal(canonicalStatuses(facts({ refunds: [{ amount: '0.00' }] })).refund_status, 'none', 'a zero refund only restocked');
});

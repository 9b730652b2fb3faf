import { readFile } from 'node:fs/promises';
import t from 'tap';
import { ORDER_STATES, REFUND_STATES } from '../emulator/index.js';
import { CANONICAL_STATUS_ENUMS, canonicalStatuses, withCanonicalStatuses } from '../src/index.js';
import { statusTablesOf } from '../src/status-map.js';
import { configFor, emulator, openStream, readAll } from './helpers/rest.js';

// The own-store example's tables (examples/own-store/pipeline.yaml holds the same).
const statusMap = JSON.parse(await readFile(new URL('./fixtures/own-store-status-map.json', import.meta.url), 'utf8')) as { field: string; values: Record<string, Record<string, string>> }[];
const tables = statusTablesOf(statusMap as never);

t.test('the example tables list every state and refund state the store documents, no more', async (t) => {
  t.same(Object.keys(statusMap[0]!.values).sort(), [...ORDER_STATES].sort());
  t.same(Object.keys(statusMap[1]!.values).sort(), [...REFUND_STATES].sort());
});

t.test('each store value means what it should', async (t) => {
  const cases: [string, string, Record<string, string>][] = [
    ['pending_payment', 'none', { lifecycle_status: 'pending', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }],
    ['paid', 'none', { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'unfulfilled', refund_status: 'none' }],
    ['shipped', 'requested', { lifecycle_status: 'open', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'requested' }],
    ['delivered', 'partial', { lifecycle_status: 'open', payment_status: 'partially_refunded', fulfillment_status: 'delivered', refund_status: 'partially_refunded' }],
    ['completed', 'full', { lifecycle_status: 'completed', payment_status: 'refunded', fulfillment_status: 'delivered', refund_status: 'refunded' }],
    ['completed', 'rejected', { lifecycle_status: 'completed', payment_status: 'paid', fulfillment_status: 'delivered', refund_status: 'rejected' }],
    ['cancelled', 'none', { lifecycle_status: 'cancelled', payment_status: 'unpaid', fulfillment_status: 'unfulfilled', refund_status: 'none' }],
  ];
  for (const [state, refund, expected] of cases) t.same(canonicalStatuses({ state, refund_state: refund }, tables), expected, `${state} + ${refund}`);
  t.same(canonicalStatuses({ state: 'paid' }, tables).refund_status, 'none', 'an absent refund_state takes the table\'s "missing" meaning');
  for (const meaning of [...Object.values(statusMap[0]!.values), ...Object.values(statusMap[1]!.values)]) {
    for (const [field, value] of Object.entries(meaning)) t.ok((CANONICAL_STATUS_ENUMS as Record<string, readonly string[]>)[field]!.includes(value), `${field}: ${value} is canonical`);
  }
});

t.test('an unlisted value is an UNMAPPED_VALUE naming field and value; the read goes on', async (t) => {
  const emu = await emulator(t);
  emu.store.setState({ order_no: 'SO00000003', state: 'on_hold' });
  const base = configFor(emu) as { streams: Record<string, unknown>[] };
  const config = { ...base, streams: [{ ...base.streams[0], statusMap }] };
  const { stream, ctx } = await openStream(config, 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, emu.store.orders.length - 1, 'every other order is read');
  t.same(read.invalid.map((i) => i.code), ['UNMAPPED_VALUE']);
  t.match(read.invalid[0]!.invalid, /stream "orders" record SO00000003: statusMap: field "state" has the value "on_hold", which its table does not list/);
  for (const order of read.records) {
    t.ok(order.lifecycle_status && order.payment_status && order.fulfillment_status && order.refund_status, `${String(order.order_no)} has all four canonical statuses`);
    t.equal(typeof order.state, 'string', 'the raw state is kept');
  }
  const properties = stream.spec.schema.properties as Record<string, { enum?: string[] }>;
  t.same(properties.lifecycle_status?.enum, [...CANONICAL_STATUS_ENUMS.lifecycle_status], 'the default schema lists the canonical statuses it fills');
});

t.test('a field absent without "missing" is UNMAPPED_VALUE too; a raw field of a canonical name is kept', async (t) => {
  const strict = statusTablesOf({ field: 'state', values: { paid: { payment_status: 'paid' } } });
  t.throws(() => canonicalStatuses({}, strict), { code: 'UNMAPPED_VALUE', message: /field "state" is absent/ });
  t.throws(() => canonicalStatuses({ state: null }, strict), { code: 'UNMAPPED_VALUE', message: /field "state" is null/ });
  const own = statusTablesOf({ field: 'payment_status', values: { PAID: { payment_status: 'paid' } } });
  t.same(withCanonicalStatuses({ payment_status: 'PAID' }, own), { payment_status: 'paid', raw_payment_status: 'PAID' });
  const nested = statusTablesOf({ field: 'status.code', values: { '3': { lifecycle_status: 'completed' } } });
  t.same(canonicalStatuses({ status: { code: 3 } }, nested), { lifecycle_status: 'completed' }, 'dotted paths and numeric codes');
});

t.test('a record schema listing properties gains the canonical enums', async (t) => {
  const emu = await emulator(t);
  const base = configFor(emu) as { streams: Record<string, unknown>[] };
  const schema = { type: 'object', properties: { order_no: { type: 'string' }, modified_at: { type: 'string' } }, additionalProperties: false };
  const { stream } = await openStream({ ...base, streams: [{ ...base.streams[0], statusMap, schema }] }, 'orders');
  const properties = stream.spec.schema.properties as Record<string, { enum?: string[] }>;
  t.same(properties.refund_status?.enum, [...CANONICAL_STATUS_ENUMS.refund_status]);
  t.same(properties.lifecycle_status?.enum, [...CANONICAL_STATUS_ENUMS.lifecycle_status]);
});

import t from 'tap';
import { RecordError } from '@datong/sdk';
import { compileMapping, type FieldRule } from '../src/index.js';

// The rules a pipeline's stage `map:` used before it became a mapping: they must keep their meaning.
const compileMap = (fields: Record<string, FieldRule>, opts: { timezone?: string } = {}) => {
  const m = compileMapping({ fields }, { file: 'p.yaml', timezone: opts.timezone ?? '+08:00', locate: (pointer) => ({ file: 'p.yaml', line: pointer.length, pointer }) });
  return (record: Record<string, unknown>) => m.map(record);
};
const opts = {};

t.test('fields are renamed, converted and value-mapped into the four order statuses', async (t) => {
  const map = compileMap({
    order_id: 'order_no',
    lifecycle_status: { from: 'status', values: { 已付款: 'open', 已完成: 'completed' } },
    payment_status: { cases: [{ when: { refund: 'SUCCESS' }, then: 'refunded' }, { when: { status: ['待付款', '已关闭'] }, then: 'unpaid' }], else: 'paid' },
    total: { from: 'amount', type: 'decimal' },
    created_at: { from: 'created', type: 'timestamp' },
    channel: { const: 'tmall' },
    note: { from: 'memo', default: '' },
    lines: { from: 'items', each: { sku: 'sku', quantity: { from: 'qty', type: 'integer' } } },
  }, opts);
  t.same(await map({ order_no: 'T1', status: '已付款', refund: 'NONE', amount: '¥1,280.50', created: '2026-11-25 14:30:00', items: [{ sku: 'A', qty: '2' }] }), {
    order_id: 'T1', lifecycle_status: 'open', payment_status: 'paid', total: '1280.50',
    created_at: '2026-11-25T06:30:00.000Z', channel: 'tmall', note: '', lines: [{ sku: 'A', quantity: 2 }],
  });
});

t.test('an unmapped status value is a record error naming the value and the map', async (t) => {
  const map = compileMap({ lifecycle_status: { from: 'status', values: { paid: 'open' } } }, opts);
  const error = await map({ status: 'TRADE_CLOSED_BY_TAOBAO' }).catch((e: unknown) => e);
  t.type(error, RecordError);
  t.match(error, { code: 'UNMAPPED_VALUE', message: /"TRADE_CLOSED_BY_TAOBAO" of "status" has no mapping \(p\.yaml:\d+\)/ });
});

t.test('a value that cannot be converted is a record error, not a silent NaN', async (t) => {
  const map = compileMap({ total: { from: 'amount', type: 'decimal' }, qty: { from: 'q', type: 'integer' } }, opts);
  await t.rejects(map({ amount: 'twelve' }), { code: 'TYPE_MISMATCH', message: /"twelve" is not a decimal amount/ });
  await t.rejects(map({ q: '1.5' }), { code: 'TYPE_MISMATCH' });
  t.same(await map({}), {}, 'absent values stay absent so the model can require them');
});

t.test('timestamps: zone-less wall clock in the stage zone, explicit offsets kept, IANA zones', async (t) => {
  const at = (tz: string) => compileMap({ at: { from: 'v', type: 'timestamp' } }, { timezone: tz });
  t.equal((await at('+08:00')({ v: '2026-01-01 00:00:00' })).at, '2025-12-31T16:00:00.000Z');
  t.equal((await at('Asia/Shanghai')({ v: '2026-01-01 00:00:00' })).at, '2025-12-31T16:00:00.000Z');
  t.equal((await at('America/New_York')({ v: '2026-07-01 12:00' })).at, '2026-07-01T16:00:00.000Z', 'daylight saving applied');
  t.equal((await at('+08:00')({ v: '2026-01-01T00:00:00Z' })).at, '2026-01-01T00:00:00.000Z');
  t.equal((await at('+08:00')({ v: 1764052200 })).at, '2025-11-25T06:30:00.000Z', 'unix seconds');
  await t.rejects(at('+08:00')({ v: '2026-02-30 10:00:00' }), { code: 'TYPE_MISMATCH' }, 'no 30 February');
});

t.test('a mapping without JSONata maps without a promise, and gives what map gives; with JSONata it is async only', async (t) => {
  const fields = { id: 'order_no', total: { from: 'amount', type: 'decimal' as const }, status: { from: 's', values: { 1: 'open' } } };
  const plain = compileMapping({ fields });
  const record = { order_no: 'A1', amount: '¥12.50', s: 1 };
  t.ok(plain.mapSync, 'mapSync is offered');
  t.same(plain.mapSync!(record), await plain.map(record));
  t.throws(() => plain.mapSync!({ ...record, s: 9 }), { code: 'UNMAPPED_VALUE' }, 'a bad record throws the same record error');
  const withExpr = compileMapping({ fields: { ...fields, label: { expr: "'#' & order_no" } } });
  t.equal(withExpr.mapSync, undefined);
  t.match(await withExpr.map(record), { id: 'A1', total: '12.50', status: 'open', label: '#A1' });
  const withTier = compileMapping({ fields, tier: { rules: [{ when: 'amount > 1', then: 'vip' }] } });
  t.equal(withTier.mapSync, undefined, 'tier rules are JSONata too');
});

import t from 'tap';
import { createDriftDetector, type DriftDetector } from '../src/contract-drift.js';
import { describeDrift, DriftTally } from '../src/drift-tally.js';

/** The shape of a Shopify-like order contract: statuses, a nullable enum, nested lines, $defs, a nullable $ref. */
const orderSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string' },
    financial_status: { enum: ['pending', 'paid', 'refunded'] },
    cancel_reason: { enum: ['customer', 'fraud', null] },
    fulfillment_status: { anyOf: [{ enum: ['fulfilled', 'partial'] }, { type: 'null' }] },
    total_price: { $ref: '#/$defs/decimal' },
    shipping_address: { anyOf: [{ $ref: '#/$defs/address' }, { type: 'null' }] },
    line_items: { type: 'array', items: { $ref: '#/$defs/lineItem' } },
    note_attributes: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } } },
    tags: { type: 'array', items: { type: 'string' } },
    metafields: { type: 'object', additionalProperties: { type: 'string' } },
    extra: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true },
    by_pattern: { type: 'object', properties: { a: { type: 'string' } }, patternProperties: { '^x-': { type: 'string' } } },
    free: { type: 'object' },
  },
  $defs: {
    decimal: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
    address: { type: 'object', additionalProperties: false, properties: { city: { type: ['string', 'null'] }, zip: { type: ['string', 'null'] } } },
    lineItem: {
      type: 'object',
      properties: { id: { type: 'string' }, quantity: { type: 'integer' }, status: { $ref: '#/$defs/lineStatus' } },
    },
    lineStatus: { description: 'A line status.', enum: ['open', 'shipped'] },
  },
};

const validOrder = {
  id: 'gid://shopify/Order/1',
  financial_status: 'paid',
  cancel_reason: null,
  fulfillment_status: null,
  total_price: '12.50',
  shipping_address: { city: 'Hangzhou', zip: null },
  line_items: [{ id: 'l1', quantity: 2, status: 'open' }, { id: 'l2', quantity: 1, status: 'shipped' }],
  note_attributes: [{ name: 'gift', value: 'yes' }],
  tags: ['vip'],
  metafields: { color: 'red', size: 'L' },
  extra: { a: 'x', anything: 'goes' },
  by_pattern: { a: 'x', 'x-custom': 'y' },
  free: { whatever: { nested: true } },
};

function detector(schema: Record<string, unknown>): DriftDetector {
  const d = createDriftDetector(schema);
  if (d === undefined) throw new Error('expected a detector');
  return d;
}

t.test('a record that matches its schema has no drift', async (t) => {
  const d = detector(orderSchema);
  t.equal(d.check(validOrder), undefined);
  t.equal(d.check({ id: 'x' }), undefined, 'missing optional fields are not drift');
  t.equal(d.check({ ...validOrder, shipping_address: null, line_items: [], fulfillment_status: 'partial' }), undefined);
});

t.test('a new top-level field is drift when the schema closes or leaves open the object', async (t) => {
  const d = detector(orderSchema);
  t.same(d.check({ ...validOrder, po_number: 'PO-7' }), [{ kind: 'field', path: 'po_number' }]);
  const implicit: Record<string, unknown> = { ...orderSchema };
  delete implicit.additionalProperties;
  t.same(detector(implicit).check({ ...validOrder, po_number: 'PO-7' }), [{ kind: 'field', path: 'po_number' }], 'no additionalProperties: still drift');
});

t.test('new fields are found at every depth the schema describes', async (t) => {
  const d = detector(orderSchema);
  const record = {
    ...validOrder,
    shipping_address: { city: 'Hangzhou', zip: null, district: 'Xihu' },
    line_items: [{ id: 'l1', quantity: 2, gift_card: false }, { id: 'l2', quantity: 1, gift_card: true }],
    note_attributes: [{ name: 'a', value: 'b', gift: true }],
  };
  t.same(d.check(record), [
    { kind: 'field', path: 'shipping_address.district' },
    { kind: 'field', path: 'line_items[].gift_card' },
    { kind: 'field', path: 'note_attributes[].gift' },
  ], 'through $ref, a nullable $ref and array items; each path once per record');
});

t.test('objects that expect extra keys, or describe none, are not drift', async (t) => {
  const d = detector(orderSchema);
  t.equal(d.check({ ...validOrder, metafields: { brand_new: 'x' }, extra: { b: 1 }, by_pattern: { 'x-new': 'y' }, free: { z: 1 } }), undefined);
  t.equal(d.check({ ...validOrder, by_pattern: { a: 'x', other: 'y' } }), undefined, 'patternProperties: the object expects keys it cannot list');
});

t.test('a status outside the enum is value drift', async (t) => {
  const d = detector(orderSchema);
  t.same(d.check({ ...validOrder, financial_status: 'on_hold' }), [{ kind: 'value', path: 'financial_status', value: 'on_hold' }]);
  t.same(d.check({ ...validOrder, line_items: [{ id: 'l1', quantity: 1, status: 'returned' }] }), [{ kind: 'value', path: 'line_items[].status', value: 'returned' }], 'through $ref in array items');
  t.equal(d.check({ ...validOrder, cancel_reason: 'fraud' }), undefined);
  t.same(d.check({ ...validOrder, cancel_reason: 'inventory' }), [{ kind: 'value', path: 'cancel_reason', value: 'inventory' }]);
});

t.test('a nullable enum: null is fine, a new value is drift', async (t) => {
  const d = detector(orderSchema);
  t.equal(d.check({ ...validOrder, fulfillment_status: null }), undefined);
  t.same(d.check({ ...validOrder, fulfillment_status: 'restocked' }), [{ kind: 'value', path: 'fulfillment_status', value: 'restocked' }]);
  const typed = detector({ type: 'object', properties: { s: { type: ['string', 'null'], enum: ['a', null] } } });
  t.equal(typed.check({ s: null }), undefined);
  t.same(typed.check({ s: 'b' }), [{ kind: 'value', path: 's', value: 'b' }]);
});

t.test('a union branch without an enum admits values of its type', async (t) => {
  const d = detector({ type: 'object', properties: { status: { anyOf: [{ enum: ['a', 'b'] }, { type: 'string', pattern: '^custom:' }] }, code: { oneOf: [{ const: 1 }, { type: 'integer', minimum: 100 }] } } });
  t.equal(d.check({ status: 'anything' }), undefined, 'a free string branch admits every string');
  t.same(d.check({ code: 'x' }), [{ kind: 'value', path: 'code', value: 'x' }], 'no branch admits a string');
  t.equal(d.check({ code: 1 }), undefined);
  t.equal(d.check({ code: 200 }), undefined);
  const counts = detector({ properties: { n: { anyOf: [{ const: 'unknown' }, { allOf: [{ type: 'number' }, { type: 'integer' }] }] } } });
  t.equal(counts.check({ n: 3 }), undefined);
  t.same(counts.check({ n: 2.5 }), [{ kind: 'value', path: 'n', value: 2.5 }], 'number and integer together admit integers only');
});

t.test('const and enums of objects', async (t) => {
  const d = detector({ type: 'object', properties: { kind: { const: 'order' }, unit: { enum: [{ code: 'kg' }, 'each'] } } });
  t.equal(d.check({ kind: 'order', unit: { code: 'kg' } }), undefined);
  t.same(d.check({ kind: 'draft_order', unit: { code: 'lb' } }), [
    { kind: 'value', path: 'kind', value: 'draft_order' },
    { kind: 'value', path: 'unit', value: { code: 'lb' } },
  ]);
});

t.test('union members\' properties all count as declared', async (t) => {
  const d = detector({
    type: 'object',
    properties: {
      payment: { oneOf: [
        { type: 'object', additionalProperties: false, properties: { card: { type: 'string' } } },
        { type: 'object', additionalProperties: false, properties: { wallet: { type: 'string' } } },
        { type: 'null' },
      ] },
    },
  });
  t.equal(d.check({ payment: { card: '4242' } }), undefined);
  t.equal(d.check({ payment: { wallet: 'alipay' } }), undefined);
  t.same(d.check({ payment: { crypto: 'btc' } }), [{ kind: 'field', path: 'payment.crypto' }]);
  const open = detector({ type: 'object', properties: { p: { anyOf: [{ properties: { a: {} } }, { type: 'object' }] } } });
  t.equal(open.check({ p: { b: 1 } }), undefined, 'a branch admitting any object makes extra keys expected');
});

t.test('allOf and keywords beside a $ref add to the declared properties', async (t) => {
  const d = detector({
    $defs: { base: { type: 'object', properties: { id: { type: 'string' } } } },
    allOf: [{ $ref: '#/$defs/base' }, { properties: { email: { type: 'string' } } }],
  });
  t.equal(d.check({ id: '1', email: 'a@x.com' }), undefined);
  t.same(d.check({ id: '1', phone: '+86' }), [{ kind: 'field', path: 'phone' }]);
  const extended = detector({ $defs: { base: { properties: { id: {} } } }, $ref: '#/$defs/base', properties: { status: { enum: ['a'] } }, additionalProperties: true });
  t.equal(extended.check({ id: 1, status: 'a', more: 1 }), undefined, 'a part that expects extra keys opens the object');
  t.same(extended.check({ id: 1, status: 'b' }), [{ kind: 'value', path: 'status', value: 'b' }]);
});

t.test('a recursive schema compiles and is checked at every level', async (t) => {
  const d = detector({
    $defs: { category: { type: 'object', properties: { name: { type: 'string' }, parent: { anyOf: [{ $ref: '#/$defs/category' }, { type: 'null' }] }, children: { type: 'array', items: { $ref: '#/$defs/category' } } } } },
    $ref: '#/$defs/category',
  });
  t.equal(d.check({ name: 'a', parent: { name: 'b', parent: null }, children: [{ name: 'c', children: [] }] }), undefined);
  t.same(d.check({ name: 'a', parent: { name: 'b', parent: { name: 'c', slug: 'c' } }, children: [{ name: 'd', children: [{ name: 'e', icon: 'x' }] }] }), [
    { kind: 'field', path: 'parent.parent.slug' },
    { kind: 'field', path: 'children[].children[].icon' },
  ]);
});

t.test('a schema with nothing to check has no detector; refs it cannot follow are not drift', async (t) => {
  t.equal(createDriftDetector({ type: 'object' }), undefined);
  t.equal(createDriftDetector({}), undefined);
  t.equal(createDriftDetector({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: true }), undefined, 'nothing can drift');
  const d = detector({ type: 'object', properties: { a: { $ref: 'https://example.com/other.json' }, b: { $ref: '#/$defs/missing' } } });
  t.equal(d.check({ a: { x: 1 }, b: { y: 2 } }), undefined);
});

t.test('a flood of unknown keys in one record is capped and deduplicated', async (t) => {
  const d = detector({ type: 'object', properties: { lines: { type: 'array', items: { type: 'object', properties: { id: {} } } } } });
  const lines = Array.from({ length: 500 }, (_, i) => ({ id: i, [`k${i}`]: 1, gift: true }));
  const findings = d.check({ lines })!;
  t.equal(findings.length, 100);
  t.equal(findings.filter((f) => f.path === 'lines[].gift').length, 1);
});

t.test('the tally counts records per stream, names at most 20 paths and values, counts the rest', async (t) => {
  const tally = new DriftTally();
  tally.add('shop.orders', [{ kind: 'field', path: 'note_attributes[].gift' }], 'gid://shopify/Order/1');
  tally.add('shop.orders', [{ kind: 'field', path: 'note_attributes[].gift' }, { kind: 'value', path: 'financial_status', value: 'on_hold' }], 'gid://shopify/Order/2');
  tally.add('shop.customers', [{ kind: 'field', path: 'po_number' }]);
  for (let i = 0; i < 30; i++) tally.add('tmall.orders', [{ kind: 'field', path: `f${i}` }, { kind: 'value', path: 'status', value: `s${i}` }]);
  t.equal(tally.total, 64);
  const report = tally.toJSON();
  t.same(report.fields[0], { stream: 'shop.orders', path: 'note_attributes[].gift', count: 2, example: 'gid://shopify/Order/1' });
  t.same(report.fields.find((f) => f.stream === 'shop.customers'), { stream: 'shop.customers', path: 'po_number', count: 1 });
  t.same(report.values.find((v) => v.stream === 'shop.orders'), { stream: 'shop.orders', path: 'financial_status', value: 'on_hold', count: 1 });
  t.equal(report.fields.filter((f) => f.stream === 'tmall.orders').length, 20);
  t.equal(report.values.filter((v) => v.stream === 'tmall.orders').length, 20);
  t.same(report.others, [{ stream: 'tmall.orders', fields: 10, values: 10 }]);
  t.same(JSON.parse(JSON.stringify(tally)), report, 'serializes as its report');
});

t.test('tallies merge, from another tally or a stored report, keeping the cap', async (t) => {
  const a = new DriftTally(2);
  a.add('s', [{ kind: 'field', path: 'x' }, { kind: 'value', path: 'st', value: 'new' }]);
  const b = new DriftTally(2);
  b.add('s', [{ kind: 'field', path: 'x' }, { kind: 'field', path: 'y' }, { kind: 'value', path: 'st', value: 'new' }], 'k9');
  b.add('s', [{ kind: 'field', path: 'z' }]);
  a.merge(b);
  t.equal(a.total, 6);
  const stored = JSON.parse(JSON.stringify(a.toJSON()));
  const c = new DriftTally(2);
  c.merge(stored);
  t.same(c.toJSON(), a.toJSON());
  t.equal(c.total, 6);
  t.same(a.toJSON(), {
    fields: [{ stream: 's', path: 'x', count: 2, example: 'k9' }, { stream: 's', path: 'y', count: 1, example: 'k9' }],
    values: [{ stream: 's', path: 'st', value: 'new', count: 2 }],
    others: [{ stream: 's', fields: 1, values: 0 }],
  });
});

t.test('a long unknown value is cut in the report', async (t) => {
  const tally = new DriftTally();
  tally.add('s', [{ kind: 'value', path: 'status', value: 'x'.repeat(500) }]);
  t.equal((tally.toJSON().values[0]!.value as string).length, 101);
});

t.test('describeDrift says it in one line, most frequent first', async (t) => {
  const tally = new DriftTally();
  for (let i = 0; i < 12; i++) tally.add('shop.orders', [{ kind: 'field', path: 'note_attributes[].gift' }]);
  for (let i = 0; i < 3; i++) tally.add('shop.orders', [{ kind: 'field', path: 'po_number' }]);
  for (let i = 0; i < 2; i++) tally.add('shop.orders', [{ kind: 'value', path: 'financial_status', value: 'on_hold' }]);
  t.equal(describeDrift(tally.toJSON()),
    '2 unknown field(s): shop.orders note_attributes[].gift ×12, shop.orders po_number ×3; 1 unknown value(s): shop.orders financial_status="on_hold" ×2');
  t.equal(describeDrift(tally.toJSON(), 1), '2 unknown field(s): shop.orders note_attributes[].gift ×12, 1 more; 1 unknown value(s): shop.orders financial_status="on_hold" ×2');
  t.equal(describeDrift(new DriftTally().toJSON()), 'no contract drift');
  const capped = new DriftTally(1);
  capped.add('s', [{ kind: 'field', path: 'a' }, { kind: 'field', path: 'b' }]);
  t.equal(describeDrift(capped.toJSON()), '1+ unknown field(s): s a ×1, others ×1');
});

import t from 'tap';
import { comparisonHash, fieldDiff, formatDiff, sameValue } from '../src/record-diff.js';

t.test('empty is empty: null, undefined, "", [] and {}', async (t) => {
  for (const [a, b] of [[null, undefined], [null, ''], [undefined, ''], [[], ''], [{}, null], [[], null]] as const) t.ok(sameValue(a, b), `${JSON.stringify(a)} ~ ${JSON.stringify(b)}`);
  t.notOk(sameValue('', 0), 'zero is a value');
  t.notOk(sameValue(null, false), 'false is a value');
  t.notOk(sameValue('', ' '));
});

t.test('numbers and numeric text compare as exact decimals', async (t) => {
  t.ok(sameValue(12.5, '12.50'), 'HubSpot gives numbers back as text');
  t.ok(sameValue(1e3, '1000'));
  t.ok(sameValue('1e3', 1000));
  t.ok(sameValue('129.90', '129.9'), 'Postgres numeric vs a decimal string');
  t.ok(sameValue(0, '-0'));
  t.ok(sameValue(-3, '-3.000'));
  t.ok(sameValue(10n, '10'));
  t.notOk(sameValue(12.5, '12.51'));
  t.notOk(sameValue('007', 7), 'a leading zero makes it text (zip codes, ids)');
  t.notOk(sameValue('01234', '1234'));
  t.notOk(sameValue('+8613800000000', 8613800000000), 'a phone is not a number');
  t.notOk(sameValue('123456789012345678901', '123456789012345678902'), 'long ids compare digit by digit, not as floats');
  t.notOk(sameValue(12, '12 units'));
});

t.test('booleans and their text', async (t) => {
  t.ok(sameValue(true, 'true'));
  t.ok(sameValue(false, 'false'));
  t.notOk(sameValue(true, 'false'));
  t.notOk(sameValue(true, 1), 'one is not true');
  t.notOk(sameValue(false, ''), 'false is not empty');
});

t.test('date-times compare by instant', async (t) => {
  t.ok(sameValue('2025-01-02T08:00:00Z', '2025-01-02T08:00:00.000Z'), 'with and without milliseconds');
  t.ok(sameValue('2025-01-02T08:00:00+08:00', '2025-01-02T00:00:00Z'), 'an offset and Z');
  t.ok(sameValue('2025-01-02T08:00:00+0800', '2025-01-02T00:00:00.000Z'), 'an offset without colon');
  t.ok(sameValue('2025-01-02T08:00:00+08', '2025-01-02T00:00:00Z'), 'an hours-only offset');
  t.ok(sameValue('2025-01-02 08:00:00', '2025-01-02T08:00:00Z'), 'no offset reads as UTC, whatever the machine zone');
  t.ok(sameValue(new Date('2025-01-02T00:00:00Z'), '2025-01-02T00:00:00.000+00:00'), 'a Date and its text');
  t.ok(sameValue('2025-01-02', '2025-01-02T00:00:00.000Z'), 'a date is its UTC midnight (HubSpot date properties)');
  t.ok(sameValue('2025-01-02T08:00:00.123456Z', '2025-01-02T08:00:00.123Z'), 'to the millisecond');
  t.notOk(sameValue('2025-01-02T08:00:00Z', '2025-01-02T08:00:01Z'));
  t.notOk(sameValue('2025-01-02T08:00:00+08:00', '2025-01-02T08:00:00Z'));
});

t.test('arrays element by element; order matters unless told otherwise', async (t) => {
  t.ok(sameValue([1, 'a'], ['1', 'a']));
  t.notOk(sameValue(['a', 'b'], ['b', 'a']));
  t.ok(sameValue(['a', 'b'], ['b', 'a'], { unorderedArrays: true }));
  t.notOk(sameValue(['a', 'a', 'b'], ['a', 'b', 'b'], { unorderedArrays: true }), 'as multisets');
  t.notOk(sameValue(['a', 'b'], ['a', 'b', 'c']));
});

t.test('a tag list as an array or a ;-joined string', async (t) => {
  t.ok(sameValue(['vip', 'wholesale'], 'vip;wholesale'));
  t.ok(sameValue(['vip'], 'vip'), 'one tag comes back as plain text');
  t.ok(sameValue(['wholesale', 'vip'], 'vip;wholesale', { unorderedArrays: true }));
  t.notOk(sameValue(['wholesale', 'vip'], 'vip;wholesale'));
  t.notOk(sameValue(['vip', 'new'], 'vip'));
});

t.test('objects compare deeply, key order and empty keys aside; JSON text is read', async (t) => {
  t.ok(sameValue({ a: 1, b: { c: '2025-01-02T00:00:00Z' } }, { b: { c: '2025-01-02T00:00:00.000Z' }, a: '1' }));
  t.ok(sameValue({ a: 1, b: null }, { a: 1 }));
  t.notOk(sameValue({ a: 1 }, { a: 1, b: 2 }));
  t.ok(sameValue({ a: [1, 2] }, '{"a":[1,2]}'), 'a JSON column given back as text');
  t.ok(sameValue('[draft] note', '[draft] note'), 'text that only looks like JSON');
  t.notOk(sameValue({ a: 1 }, '[object Object]'));
});

t.test('fieldDiff lists the fields datong would change and ignores the sink\'s own', async (t) => {
  const wanted = { email: 'b@x.com', amount: 12.5, vip: true, tags: ['a', 'b'], closed_at: null, updated: '2025-01-02T08:00:00Z' };
  const held = { email: 'a@x.com', amount: '12.50', vip: 'true', tags: 'a;b', closed_at: '', updated: '2025-01-02T08:00:00.000Z', hs_object_id: '901', lifecyclestage: 'lead' };
  t.same(fieldDiff(wanted, held), [{ field: 'email', before: 'a@x.com', after: 'b@x.com' }]);
  t.same(fieldDiff(wanted, held, { ignore: ['email'] }), []);
  t.same(fieldDiff({ ...wanted, phone: '+86 138' }, held, { fields: ['phone', 'vip'] }), [{ field: 'phone', before: undefined, after: '+86 138' }]);
  t.same(fieldDiff({ tags: ['b', 'a'] }, { tags: 'a;b' }, { unorderedArrays: true }), []);
  t.same(fieldDiff({ constructor: 'x' }, {}), [{ field: 'constructor', before: undefined, after: 'x' }], 'only own fields');
});

t.test('fieldDiff of a creation lists every non-empty field', async (t) => {
  t.same(fieldDiff({ email: 'a@x.com', phone: null, note: '', tags: [], amount: 0 }, undefined), [
    { field: 'email', before: undefined, after: 'a@x.com' },
    { field: 'amount', before: undefined, after: 0 },
  ]);
});

t.test('comparisonHash agrees with sameValue', async (t) => {
  const fields = ['email', 'amount', 'vip', 'tags', 'closed_at', 'updated', 'address'];
  const wanted = { email: 'a@x.com', amount: 12.5, vip: true, tags: ['a', 'b'], closed_at: null, updated: '2025-01-02T08:00:00+08:00', address: { city: 'Hangzhou', zip: null } };
  const held = { email: 'a@x.com', amount: '12.50', vip: 'true', tags: 'a;b', updated: '2025-01-02T00:00:00.000Z', address: '{"city":"Hangzhou"}', hs_object_id: '901' };
  t.same(fieldDiff(wanted, held, { fields }), [], 'the same record, field by field');
  const h = comparisonHash(wanted, fields);
  t.equal(comparisonHash(held, fields), h, 'so the same hash');
  t.equal(comparisonHash(wanted, [...fields].reverse()), h, 'whatever the order of fields');
  t.match(h, /^[\w-]{16}$/);
  t.not(comparisonHash({ ...wanted, amount: 12.51 }, fields), h, 'a changed value changes it');
  t.not(comparisonHash({ a: 'x', b: null }, ['a', 'b']), comparisonHash({ a: null, b: 'x' }, ['a', 'b']), 'values stay with their fields');
  t.equal(comparisonHash(wanted, ['email']), comparisonHash({ email: 'a@x.com', other: 1 }, ['email']), 'fields outside the list do not count');
  t.not(comparisonHash({ tags: ['a', 'b'] }, ['tags']), comparisonHash({ tags: 'b;a' }, ['tags']));
  t.equal(comparisonHash({ tags: ['a', 'b'] }, ['tags'], { unorderedArrays: true }), comparisonHash({ tags: 'b;a' }, ['tags'], { unorderedArrays: true }));
});

t.test('formatDiff shows changes and creations, values cut', async (t) => {
  t.same(formatDiff([
    { field: 'email', before: 'a@x.com', after: 'b@x.com' },
    { field: 'phone', before: undefined, after: '+8613800000000' },
    { field: 'amount', before: '12.50', after: 13 },
    { field: 'tags', before: null, after: ['vip', 'wholesale'] },
    { field: 'note', before: '好'.repeat(10), after: undefined },
    { field: 'updated', before: new Date('2025-01-02T00:00:00Z'), after: 'x' },
  ], { maxValueLength: 5 }), [
    '  email: "a@x.c…" → "b@x.c…"',
    '  + phone: "+8613…"',
    '  amount: "12.50" → 13',
    '  tags: null → ["vip…',
    '  note: "好好好好好…" → (none)',
    '  updated: 2025-01-02T00:00:00.000Z → "x"',
  ]);
  t.same(formatDiff([{ field: 'email', before: 'a@x.com', after: 'b@x.com' }]), ['  email: "a@x.com" → "b@x.com"'], 'short values whole');
});

import t from 'tap';
import { ConfigError, RecordError } from '@datong/sdk';
import { compileMapping } from '../src/index.js';

t.test('JSONata expressions compute fields from the whole record, with $value bound', async (t) => {
  const m = compileMapping({
    fields: {
      full_name: { expr: "first & ' ' & last" },
      line_count: { expr: '$count(items)' },
      total: { expr: '$sum(items.(price * qty))', type: 'decimal' },
      sku_upper: { from: 'items[0].sku', expr: '$uppercase($value)' },
      phone: { expr: '$phone(contact.mobile)' },
    },
  });
  const out = await m.map({ first: 'Ada', last: 'Lovelace', items: [{ sku: 'ab-1', price: 2, qty: 3 }, { sku: 'cd', price: 1.5, qty: 2 }], contact: { mobile: '138 1234 5678' } });
  t.same(out, { full_name: 'Ada Lovelace', line_count: 2, total: '9', sku_upper: 'AB-1', phone: '+8613812345678' });
});

t.test('a JSONata syntax error is a compile error at the expression', async (t) => {
  let error: unknown;
  try { compileMapping({ fields: { x: { expr: 'a +' } } }, { locate: (p) => ({ file: 'm.yaml', line: 4, column: 9, pointer: p }) }); } catch (e) { error = e; }
  t.type(error, ConfigError);
  t.match((error as Error).message, /m\.yaml:4:9.*JSONata/);
});

t.test('normalizers in rules', async (t) => {
  const m = compileMapping({
    fields: {
      phone: { from: 'mobile', normalize: 'phone' },
      email: { from: 'mail', normalize: 'email' },
      total: { from: 'fen', normalize: 'money_cents', currency: 'CNY' },
      paid: { from: 'paid', normalize: 'money' },
      created_at: { from: 'created', normalize: 'timestamp' },
      name: { from: 'nick', normalize: 'name' },
    },
  }, { timezone: '+08:00' });
  t.same(await m.map({ mobile: '0086 13812345678', mail: ' A@B.CN ', fen: 12850, paid: '¥99.9', created: '2026-11-25 14:30:00', nick: ' 欧阳 娜娜 ' }),
    { phone: '+8613812345678', email: 'a@b.cn', total: '128.50', paid: '99.90', created_at: '2026-11-25T06:30:00.000Z', name: '欧阳娜娜' });
  t.same(await m.map({ mobile: '138****1234' }), {}, 'a masked phone gives no value: it can never become an identity');
  await t.rejects(m.map({ created: 'soon' }), { code: 'TYPE_MISMATCH' });
});

t.test('defaults fill empty values; required fields dead-letter records without them', async (t) => {
  const m = compileMapping({
    required: ['order_id'],
    fields: {
      order_id: 'order.no',
      currency: { from: 'cur', default: 'CNY' },
      email: { from: 'mail', normalize: 'email', required: true },
    },
  }, { file: 'orders.map.yaml' });
  t.same(await m.map({ order: { no: 'T1' }, mail: 'x@y.com', cur: '' }), { order_id: 'T1', currency: 'CNY', email: 'x@y.com' });
  const missing = await m.map({ mail: 'x@y.com' }).then(() => undefined, (e: unknown) => e);
  t.type(missing, RecordError);
  t.match(missing, { code: 'REQUIRED_MISSING', message: /"order_id"/ });
  await t.rejects(m.map({ order: { no: 'T2' }, mail: 'not-an-email' }), { code: 'REQUIRED_MISSING', message: /"email"/ }, 'an invalid email counts as missing');
});

t.test('each maps every element of a list, [n] reads one', async (t) => {
  const m = compileMapping({
    fields: {
      first_sku: 'items[0].sku',
      lines: { from: 'items', each: { sku: 'sku', status: { from: 'st', values: { 1: 'ok', 2: 'returned' } } } },
    },
  });
  t.same(await m.map({ items: [{ sku: 'a', st: 1 }, { sku: 'b', st: 2 }] }), { first_sku: 'a', lines: [{ sku: 'a', status: 'ok' }, { sku: 'b', status: 'returned' }] });
  t.same(m.enums().map((e) => [e.field, e.from]), [['lines[].status', 'items[].st']]);
  await t.rejects(m.map({ items: [{ st: 3 }] }), { code: 'UNMAPPED_VALUE', message: /"3"/ });
});

import t from 'tap';
import { ConfigError, RecordError } from '@datong/sdk';
import { compileMapping } from '../src/index.js';

const at = (line: number) => () => ({ file: 'orders.map.yaml', line, column: 3 });

t.test('a value map gives its target value', async (t) => {
  const m = compileMapping({
    enums: { status: ['open', 'closed'] },
    fields: { status: { from: 'st', values: { WAIT: 'open', DONE: 'closed' }, to: 'status' } },
  });
  t.same(await m.map({ st: 'DONE' }), { status: 'closed' });
  t.same(await m.map({ st: null }), {}, 'an empty value passes through unmapped');
});

t.test('an unknown value dead-letters the record, naming the value, the source field and file:line', async (t) => {
  const m = compileMapping({ fields: { status: { from: 'trade.status', values: { WAIT: 'open' } } } }, { file: 'orders.map.yaml', locate: at(12) });
  const error = await m.map({ trade: { status: 'TRADE_REFUNDING' } }).then(() => undefined, (e: unknown) => e);
  t.type(error, RecordError);
  t.equal((error as RecordError).code, 'UNMAPPED_VALUE');
  t.match((error as Error).message, /"TRADE_REFUNDING"/);
  t.match((error as Error).message, /"trade\.status"/);
  t.match((error as Error).message, /orders\.map\.yaml:12/);
});

t.test('a named table is shared through valuesOf', async (t) => {
  const m = compileMapping({
    values: { levels: { 普通会员: 'standard', 金卡会员: 'gold' } },
    fields: { tier: { from: 'level', valuesOf: 'levels' }, old_tier: { from: 'previous', valuesOf: 'levels' } },
  });
  t.same(await m.map({ level: '金卡会员', previous: '普通会员' }), { tier: 'gold', old_tier: 'standard' });
  t.same(m.enums().map((e) => [e.field, e.from, e.values]), [['tier', 'level', ['普通会员', '金卡会员']], ['old_tier', 'previous', ['普通会员', '金卡会员']]]);
});

t.test('a map producing a value outside its declared enum is a compile error at its line', async (t) => {
  const lines: Record<string, number> = { '/fields/status/values/DONE': 7, '/fields/pay/cases/0/then': 11 };
  const error = (() => {
    try {
      compileMapping({
        enums: { status: ['open', 'closed'] },
        fields: {
          status: { from: 'st', values: { WAIT: 'open', DONE: 'complete' }, to: 'status' },
          pay: { cases: [{ when: { paid: 'yes' }, then: 'payed' }], else: 'unpaid', to: ['paid', 'unpaid'] },
        },
      }, { locate: (pointer) => ({ file: 'orders.map.yaml', line: lines[pointer] ?? 1, column: 5, pointer }) });
    } catch (e) { return e; }
    return undefined;
  })();
  t.type(error, ConfigError);
  const problems = (error as ConfigError).problems;
  t.equal(problems.length, 2, 'every problem is reported at once');
  t.match(problems[0], { file: 'orders.map.yaml', line: 7, message: /"complete".*not in its declared enum/ });
  t.match(problems[1], { file: 'orders.map.yaml', line: 11, message: /"payed"/ });
  t.match((error as Error).message, /orders\.map\.yaml:7:5/);
});

t.test('naming a missing table or enum is a compile error with a suggestion', async (t) => {
  t.throws(() => compileMapping({ values: { levels: {} }, fields: { tier: { from: 'l', valuesOf: 'level' } } }), { message: /valuesOf "level".*did you mean "levels"/ });
  t.throws(() => compileMapping({ enums: { tiers: ['a'] }, fields: { tier: { from: 'l', values: { x: 'a' }, to: 'tier' } } }), { message: /to "tier".*did you mean "tiers"/ });
});

t.test('cases with a JSONata condition', async (t) => {
  const m = compileMapping({ fields: { size: { cases: [{ when: 'amount > 1000', then: 'large' }], else: 'small' } } });
  t.same(await m.map({ amount: 1500 }), { size: 'large' });
  t.same(await m.map({ amount: 15 }), { size: 'small' });
});

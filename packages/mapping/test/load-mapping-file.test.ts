import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError } from '@datong/sdk';
import { compileMapping, loadMappingFile } from '../src/index.js';

const good = `# Tmall order → canonical order
enums:
  lifecycle: [pending, open, completed, cancelled]
fields:
  order_id: { from: tid, required: true }
  status:
    from: status
    to: lifecycle
    values:
      WAIT_BUYER_PAY: pending
      TRADE_FINISHED: completed
  total: { from: payment, normalize: money, currency: CNY }
`;

async function loadError(dir: string, name: string, text: string): Promise<ConfigError> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const error = await loadMappingFile(file).then(() => undefined, (e: unknown) => e);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error;
}

t.test('a valid file loads, and run-time errors name its file and line', async (t) => {
  const dir = t.testdir({ 'orders.yaml': good });
  const file = join(dir, 'orders.yaml');
  const { spec, locate } = await loadMappingFile(file);
  const mapping = compileMapping(spec, { file, locate });
  t.same(await mapping.map({ tid: '1001', status: 'TRADE_FINISHED', payment: '99.9' }), { order_id: '1001', status: 'completed', total: '99.90' });
  await t.rejects(mapping.map({ tid: '1002', status: 'TRADE_CLOSED' }), { code: 'UNMAPPED_VALUE', message: new RegExp(`"TRADE_CLOSED".*orders\\.yaml:9`) });
  t.same(mapping.enums()[0], { field: 'status', from: 'status', values: ['WAIT_BUYER_PAY', 'TRADE_FINISHED'], file, line: 9, column: 5, pointer: '/fields/status/values' });
});

t.test('a misspelt key is reported at file:line:column with a did-you-mean', async (t) => {
  const dir = t.testdir({});
  const error = await loadError(dir, 'typo.yaml', good.replace('    to: lifecycle', '    too: lifecycle'));
  t.equal(error.problems.length, 1, 'one problem, not the noise of every oneOf branch');
  t.match(error.problems[0], { line: 8, column: 5, pointer: '/fields/status/too', message: /unknown key "too".*did you mean "to"/ });
  t.match(error.message, /typo\.yaml:8:5/);
});

t.test('a wrong normalizer name and a missing fields section are reported', async (t) => {
  const dir = t.testdir({});
  const error = await loadError(dir, 'bad.yaml', good.replace('normalize: money,', 'normalize: mony,'));
  t.match(error.problems[0], { line: 12, pointer: '/fields/total/normalize', message: /must be one of.*did you mean "money"/ });
  const empty = await loadError(dir, 'empty.yaml', 'enums: {}\n');
  t.match(empty.problems[0], { message: /missing required key "fields"/ });
});

t.test('broken YAML is reported at its line', async (t) => {
  const dir = t.testdir({});
  const error = await loadError(dir, 'broken.yaml', 'fields:\n  a: b\n  c: [unclosed\n');
  t.ok(error.problems[0]?.line !== undefined && error.problems[0].line >= 3, 'the line of the broken value');
});

t.test('compile errors point into the file', async (t) => {
  const dir = t.testdir({ 'orders.yaml': good.replace('TRADE_FINISHED: completed', 'TRADE_FINISHED: complete') });
  const file = join(dir, 'orders.yaml');
  const { spec, locate } = await loadMappingFile(file);
  t.throws(() => compileMapping(spec, { file, locate }), { message: new RegExp(`orders\\.yaml:11:7.*"complete"`) });
});

import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { summaryOf } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { embeddedRows } from './helpers/embedded-warehouse.js';
import { workDir } from './helpers/work-dir.js';

const HEADER = '订单号,买家,状态,金额,下单时间';
const good = (n: number) => `T${1000 + n},买家${n},已付款,${n}.50,2026-11-25 10:00:00`;

/** A CSV of orders into the embedded warehouse; `rows` go between five good rows before and after. */
function pipeline(dir: string, options: { file?: string; encoding?: string } = {}): string {
  writeFileSync(join(dir, 'order.schema.json'), JSON.stringify({
    type: 'object', required: ['order_no', 'buyer', 'status', 'amount'],
    properties: { order_no: { type: 'string' }, buyer: { type: 'string' }, status: { type: 'string' }, amount: { type: 'number' }, created: { type: 'string' } },
  }));
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, `name: bad-input
sources:
  shop:
    plugin: "@datong/plugin-file"
    config:
      streams:
        orders:
          path: ${options.file ?? 'orders.csv'}
          encoding: ${options.encoding ?? 'auto'}
          key: [order_no]
          schema: order.schema.json
          columns: { 订单号: order_no, 买家: buyer, 状态: status, 金额: amount, 下单时间: created }
sinks:
  warehouse: { plugin: "@datong/plugin-postgres" }
stages:
  - name: orders
    from: shop.orders
    to: warehouse.orders
    model: order
    map:
      order_id: order_no
      channel: { const: tmall }
      customer_name: buyer
      lifecycle_status: { from: status, values: { 已付款: open, 已完成: completed } }
      payment_status: { const: paid }
      fulfillment_status: { const: unfulfilled }
      refund_status: { const: none }
      total: { from: amount, type: decimal }
      currency: { const: CNY }
      created_at: { from: created, type: timestamp }
`);
  return file;
}

function csv(dir: string, bad: string, encoding = 'utf8'): void {
  const lines = [HEADER, ...[1, 2, 3, 4, 5].map(good), bad, ...[6, 7, 8, 9, 10].map(good)];
  writeFileSync(join(dir, 'orders.csv'), iconv.encode(`${lines.join('\n')}\n`, encoding));
}

async function runAndCheck(t: Test, dir: string, expected: { code: string; reason: RegExp; at?: RegExp }) {
  const result = await runInProcess(['run', join(dir, 'pipeline.yaml'), '--state', 'embedded', '--json'], { cwd: dir });
  t.equal(result.code, 3, 'exit 3: done, with dead letters');
  const summary = summaryOf(result);
  t.match(summary.counts, { written: 10, deadLettered: 1 }, 'the ten good rows went through, the bad one was set aside');
  const rows = await embeddedRows(dir, 'select order_id from public.orders order by order_id');
  t.equal(rows.length, 10, 'the warehouse holds every good row');
  const dead = await runInProcess(['dead-letters', 'list', join(dir, 'pipeline.yaml'), '--state', 'embedded', '--json'], { cwd: dir });
  const letters = dead.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  t.equal(letters.length, 1, 'one dead letter');
  t.match(letters[0], { code: expected.code, reason: expected.reason, ...(expected.at ? { at: expected.at } : {}) });
}

t.test('a malformed CSV row is set aside with its line; the rest goes through', async (t) => {
  const dir = workDir(t, 'bad-row');
  pipeline(dir);
  csv(dir, 'T9999,买家x,已付款');
  await runAndCheck(t, dir, { code: 'PARSE_ERROR', reason: /3 field\(s\), the header has 5/, at: /orders\.csv:7$/ });
});

t.test('a wrong type is set aside with Ajv\'s reason', async (t) => {
  const dir = workDir(t, 'wrong-type');
  pipeline(dir);
  csv(dir, 'T9999,买家x,已付款,一百元,2026-11-25 10:00:00');
  await runAndCheck(t, dir, { code: 'CONTRACT_VIOLATION', reason: /\/amount must be number/, at: /orders\.csv:7$/ });
});

t.test('a missing required field is set aside, naming the field', async (t) => {
  const dir = workDir(t, 'missing-field');
  pipeline(dir);
  csv(dir, 'T9999,,已付款,12.00,2026-11-25 10:00:00');
  await runAndCheck(t, dir, { code: 'CONTRACT_VIOLATION', reason: /missing required field "buyer"/ });
});

t.test('an unknown status value is set aside, naming the value and the map to fix', async (t) => {
  const dir = workDir(t, 'unknown-status');
  pipeline(dir);
  csv(dir, 'T9999,买家x,已锁定,12.00,2026-11-25 10:00:00');
  await runAndCheck(t, dir, { code: 'UNMAPPED_VALUE', reason: /value "已锁定" of "status" has no mapping \(.*pipeline\.yaml:\d+\)/ });
});

t.test('a GBK file declared UTF-8 fails the stage with an error naming the file and the fix', async (t) => {
  const dir = workDir(t, 'gbk-as-utf8');
  pipeline(dir, { encoding: 'utf8' });
  csv(dir, good(11), 'gbk');
  const result = await runInProcess(['run', join(dir, 'pipeline.yaml'), '--state', 'embedded', '--json'], { cwd: dir });
  t.equal(result.code, 1, 'exit 1: the stage failed');
  const summary = summaryOf(result);
  t.match(summary.stages[0].error, /orders\.csv/, 'the error names the file');
  t.match(summary.stages[0].error, /gbk/i, 'and says it looks like GBK');
  t.equal(summary.counts.written, 0, 'nothing half-decoded was written');
});

t.test('a truncated file: the cut-off last row is set aside, the rows before it go through', async (t) => {
  const dir = workDir(t, 'truncated');
  pipeline(dir);
  const lines = [HEADER, ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(good), 'T2000,买家'];
  writeFileSync(join(dir, 'orders.csv'), lines.join('\n'));
  await runAndCheck(t, dir, { code: 'PARSE_ERROR', reason: /field/, at: /orders\.csv:12$/ });
});

t.test('a pipeline with a typo\'d key exits 2 naming file, line and the key it meant', async (t) => {
  const dir = workDir(t, 'typo');
  const file = pipeline(dir);
  writeFileSync(file, `${readFileSync(file, 'utf8')}    batchSzie: 100\n`);
  const result = await runInProcess(['run', file, '--state', 'embedded'], { cwd: dir });
  t.equal(result.code, 2, 'exit 2: config error, nothing ran');
  t.match(result.stderr, /pipeline\.yaml:31:5 \(\/stages\/0\/batchSzie\): unknown key "batchSzie"; did you mean "batchSize"\?/);
});

t.test('a missing plugin exits 2 naming the line and what is installed', async (t) => {
  const dir = workDir(t, 'missing-plugin');
  const file = pipeline(dir);
  writeFileSync(file, readFileSync(file, 'utf8').replace('@datong/plugin-file', '@datong/plugin-fiel'));
  const result = await runInProcess(['validate', file], { cwd: dir });
  t.equal(result.code, 2);
  t.match(result.stderr, /pipeline\.yaml:4:5 \(\/sources\/shop\/plugin\): plugin "@datong\/plugin-fiel" is not installed .*did you mean "@datong\/plugin-file"\?/);
});

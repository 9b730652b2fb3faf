import t from 'tap';
import { join } from 'node:path';
import { startCli } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { makeOrders, writeOrders } from './helpers/orders-fixture.js';
import { workDir } from './helpers/work-dir.js';
import { readFileSync, writeFileSync } from 'node:fs';

/** A small pipeline into the embedded warehouse: orders with one unmapped status. */
function smallPipeline(dir: string): string {
  const orders = makeOrders(30);
  orders[4]!.status = 'TRADE_CLOSED_BY_TAOBAO' as never;
  writeOrders(dir, orders);
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, `name: small
sources:
  shop: { plugin: "@datong/plugin-file", config: { streams: { orders: { path: orders.ndjson, key: [order_no] } } } }
sinks:
  warehouse: { plugin: "@datong/plugin-postgres" }
stages:
  - name: orders
    from: shop.orders
    to: warehouse.orders
    key: [order_no]
    map:
      order_no: order_no
      status: { from: status, values: { WAIT_BUYER_PAY: pending, WAIT_SELLER_SEND_GOODS: open, WAIT_BUYER_CONFIRM_GOODS: open, TRADE_FINISHED: completed, TRADE_CLOSED: cancelled } }
`);
  return file;
}

t.test('plugins lists what a pipeline here would find, with what each provides', async (t) => {
  const r = await runInProcess(['plugins', '--json']);
  t.equal(r.code, 0);
  const list = JSON.parse(r.stdout) as { name: string; provides: string[] }[];
  t.same(list.map((p) => [p.name, p.provides]), [
    ['@datong/plugin-file', ['source', 'sink']],
    ['@datong/plugin-hubspot', ['sink']],
    ['@datong/plugin-postgres', ['source', 'sink']],
    ['@datong/plugin-shopify', ['source']],
  ]);
});

t.test('validate, run, status and dead-letters list tell one consistent story', async (t) => {
  const dir = workDir(t, 'commands');
  const file = smallPipeline(dir);
  const state = ['--state', 'embedded'];

  const valid = await runInProcess(['validate', file]);
  t.equal(valid.code, 0);
  t.match(valid.stdout, /is valid: 1 stage\(s\) \(orders\), streams shop\.orders/);

  const run = await runInProcess(['run', file, ...state]);
  t.equal(run.code, 3, 'exit 3: done with a dead letter');
  t.match(run.stdout, /orders +partial +read 30, written 29 \(created 29, updated 0\), unchanged 0, dead-lettered 1/);
  t.match(run.stderr, /stage orders: partial, read 30/, 'plain progress lines when not on a terminal');

  const status = await runInProcess(['status', file, ...state, '--json']);
  t.equal(status.code, 0);
  const s = JSON.parse(status.stdout) as Record<string, any>;
  t.match(s.runs, [{ status: 'partial', stages: [{ stage: 'orders', records_read: 30, written: 29, dead_lettered: 1 }] }]);
  t.match(s.cursors, [{ stage: 'orders', stream: 'shop.orders', state: { scan: null } }]);
  t.match(s.deadLetters, [{ stage: 'orders', code: 'UNMAPPED_VALUE', count: 1, example: /"TRADE_CLOSED_BY_TAOBAO"/ }]);

  const human = await runInProcess(['status', file, ...state]);
  t.match(human.stdout, /open dead letters by reason:\n  orders UNMAPPED_VALUE: 1/);

  const dead = await runInProcess(['dead-letters', 'list', file, ...state]);
  t.match(dead.stdout, /\[orders\] shop\.orders orders\.ndjson:5 key O0000005\n  UNMAPPED_VALUE: field "status": value "TRADE_CLOSED_BY_TAOBAO"/);
});

t.test('a second process is refused the embedded store while a run holds it, with the holder named', async (t) => {
  const dir = workDir(t, 'locked');
  const file = smallPipeline(dir);
  const holder = startCli(['run', file, '--state', 'embedded'], { fault: 'after-commit', onFault: 'hold' });
  t.equal(await holder.reached, 'after-commit', 'the first run is inside its run, holding the store');
  const second = await runInProcess(['run', file, '--state', 'embedded']);
  t.equal(second.code, 4, 'exit 4: the state store is unavailable');
  t.match(second.stderr, /the embedded store is in use by pid \d+ .*datong run .*pipeline\.yaml/);
  const status = await runInProcess(['status', file, '--state', 'embedded']);
  t.match(status.stdout, /a sync is running \(pid \d+, datong run/, 'status says a sync is running instead of failing');
  holder.kill();
  await holder.result;
});

t.test('a plugin\'s config problem is reported at its line in the pipeline file', async (t) => {
  const dir = workDir(t, 'plugin-config');
  const file = smallPipeline(dir);
  writeFileSync(file, readFileSync(file, 'utf8').replace('path: orders.ndjson', 'path: missing.ndjson'));
  const r = await runInProcess(['validate', file]);
  t.equal(r.code, 2, 'exit 2: config error');
  t.match(r.stderr, /pipeline\.yaml:3:\d+ \(\/sources\/shop\/config\/streams\/orders\/path\): .*missing\.ndjson/);
});

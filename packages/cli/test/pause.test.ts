import t, { type Test } from 'tap';
import { freshDatabase, postgresServer } from '@datong/store/testing';
import { startCli, summaryOf } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { compareRows, expectedRows, makeOrders, warehouseRows, writeOrders, writePipeline } from './helpers/orders-fixture.js';
import { workDir } from './helpers/work-dir.js';

// `datong pause` from a second process stops a running sync at its next batch boundary, with its
// state committed; the pipeline then refuses to run until `datong resume`, and the next run
// finishes the rest with nothing lost and nothing twice. With the Postgres store the pause is a
// row both processes see; the embedded store is held by the sync, so the pause travels as a
// request file the sync picks up.

async function pauseMidRun(t: Test, state: 'embedded' | 'postgres'): Promise<void> {
  if (!postgresServer(t)) return;
  const dir = workDir(t, `pause-${state}`);
  const warehouse = await freshDatabase(t);
  const stateFlag = state === 'embedded' ? 'embedded' : await freshDatabase(t);
  const orders = makeOrders(60_000);
  writeOrders(dir, orders);
  const pipeline = writePipeline(dir, { batchSize: 250 });
  const env = { WAREHOUSE_URL: warehouse, DATABASE_URL: '' };
  // The sync is a process of its own; the operator's commands come from this one (a second process).
  const datong = (...args: string[]) => runInProcess([...args, '--state', stateFlag], { cwd: dir, env });

  const sync = startCli(['run', pipeline, '--state', stateFlag, '--json'], { cwd: dir, env });
  // Pause once the sync is writing (its first batches committed).
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    new Promise<void>((resolve) => {
      timer = setInterval(() => void warehouseRows(warehouse).then((r) => { if (r.count > 0) resolve(); }, () => undefined), 100);
    }),
    sync.result,
  ]);
  clearInterval(timer);
  const pause = await datong('pause', pipeline, '--actor', 'ops-bob', '--reason', 'wrong currency in the map');
  output += pause.stdout;
  t.equal(pause.code, 0, `datong pause exits 0 (stdout: ${pause.stdout} stderr: ${pause.stderr})`);
  t.match(pause.stdout, /paused by ops-bob/);

  const stopped = await sync.result;
  t.equal(stopped.code, 5, `the sync exits 5: paused (stderr: ${stopped.stderr.slice(-400)})`);
  const first = summaryOf(stopped);
  t.equal(first.status, 'paused');
  t.ok(first.counts.read > 0 && first.counts.read < orders.length, `it stopped part-way (${first.counts.read} of ${orders.length} read)`);
  t.equal((await warehouseRows(warehouse)).count, first.counts.written, 'everything it wrote is committed: the warehouse holds exactly what it reported');

  const refused = await datong('run', pipeline);
  t.equal(refused.code, 5, 'a new run is refused while paused');
  t.match(refused.stderr, /pipeline crash-orders is paused \(by ops-bob at .*: wrong currency in the map\); `datong resume` lets it run again/);
  const status = await datong('status', pipeline);
  t.match(status.stdout, /PAUSED by ops-bob/, 'status says so');

  const resume = await datong('resume', pipeline, '--actor', 'ops-bob');
  t.equal(resume.code, 0);
  output += resume.stdout;
  const rest = summaryOf(await datong('run', pipeline, '--json'));
  t.equal(rest.status, 'succeeded');
  t.equal(first.counts.read + rest.counts.read, orders.length, 'the next run read exactly what the paused one had not');
  t.same(compareRows(expectedRows(orders), (await warehouseRows(warehouse)).rows), { missing: 0, extra: 0, stale: 0, examples: [] }, 'every order once, current');

  const audit = await datong('audit', pipeline);
  t.match(audit.stdout, /ops-bob +pause .*"reason":"wrong currency in the map"/);
  t.match(audit.stdout, /ops-bob +resume/);
  t.notOk(/error/i.test(output), 'no error on the way');
}

t.test('a pause from a second process stops a sync on the embedded store', (t) => pauseMidRun(t, 'embedded'));
t.test('a pause from a second process stops a sync on the Postgres store', (t) => pauseMidRun(t, 'postgres'));

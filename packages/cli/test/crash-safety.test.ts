import t from 'tap';
import { freshDatabase, postgresServer } from '@datong/store/testing';
import { runCli, summaryOf } from './helpers/cli-process.js';
import { compareRows, expectedRows, makeOrders, warehouseRows, writeOrders, writePipeline } from './helpers/orders-fixture.js';
import { workDir } from './helpers/work-dir.js';

const RECORDS = 50_000;
const BATCH = 5_000;
// Each point is reached at a given passage, so every kill lands in the middle of the run.
const KILL_POINTS = ['while-reading:3', 'mid-batch:2', 'after-intent:3', 'after-sink-write:2', 'after-commit:2'];

for (const store of ['embedded', 'postgres'] as const) {
  t.test(`SIGKILL at every point of the write protocol loses and duplicates nothing (${store} state store)`, async (t) => {
    if (!postgresServer(t)) return;
    const dir = workDir(t, `crash-${store}`);
    const warehouse = await freshDatabase(t);
    const state = store === 'embedded' ? 'embedded' : await freshDatabase(t);
    let orders = makeOrders(RECORDS);
    writeOrders(dir, orders);
    const pipeline = writePipeline(dir, { batchSize: BATCH });
    const env = { WAREHOUSE_URL: warehouse };
    const run = (killAtFault?: string) => runCli(['run', pipeline, '--state', state, '--json'], { cwd: dir, env, killAtFault });

    for (const point of KILL_POINTS) {
      const killed = await run(point);
      t.equal(killed.faultReached, point.split(':')[0], `the run reached ${point}`);
      t.equal(killed.signal, 'SIGKILL', `and was killed there (stderr: ${killed.stderr.slice(-300)})`);
    }
    let final = await run();
    t.equal(final.code, 0, `the rerun completes (stderr: ${final.stderr.slice(-500)})`);
    let summary = summaryOf(final);
    t.ok(summary.recovered.runs.length >= 1, 'the rerun first settled the crashed run');

    let held = await warehouseRows(warehouse);
    t.equal(held.count, RECORDS, 'the warehouse holds one row per source record');
    t.same(compareRows(expectedRows(orders), held.rows), { missing: 0, extra: 0, stale: 0, examples: [] }, 'none lost, none duplicated, none stale');

    // The source changes; a crash after the sink write, before the state commit, must not leave old rows.
    orders = makeOrders(RECORDS, 7);
    writeOrders(dir, orders);
    const killed = await run('after-sink-write:1');
    t.equal(killed.faultReached, 'after-sink-write');
    final = await run();
    t.equal(final.code, 0);
    summary = summaryOf(final);
    t.equal(summary.counts.written + summary.counts.unchanged, RECORDS, 'every record was settled');
    t.equal(summary.counts.written, RECORDS / 50 , 'only the changed records were written again');
    held = await warehouseRows(warehouse);
    t.equal(held.count, RECORDS);
    t.same(compareRows(expectedRows(orders), held.rows), { missing: 0, extra: 0, stale: 0, examples: [] }, 'the changed records are current');

    const again = summaryOf(await run());
    t.match(again.counts, { written: 0, deadLettered: 0 }, 'a rerun on unchanged data writes nothing');
  });
}

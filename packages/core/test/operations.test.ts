import t, { type Test } from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, type Store } from '@datong/store';
import { loadPipeline } from '../src/pipeline-loader.js';
import { preparePipeline, type PreparedPipeline } from '../src/prepare-pipeline.js';
import { runPipeline, type RunOptions } from '../src/pipeline-runner.js';
import { rollbackRun } from '../src/rollback.js';
import { installMemoryPlugin } from './helpers/memory-plugin.js';

// The operator features at the engine's level, over the memory plugin (a sink that cannot
// delete): a dry run and a sampled run leave no trace where they must not, and a
// rollback of a sink that cannot undo says so record by record instead of claiming success.

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function setup(t: Test, extra = '') {
  const dir = t.testdir({});
  installMemoryPlugin(dir);
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, `name: memory
sources:
  mem: { plugin: datong-plugin-memory, config: { count: 70, once: true } }
sinks:
  out: { plugin: datong-plugin-memory, config: { file: sink.json } }
stages:
  - { name: orders, from: mem.orders, to: out.orders, batchSize: 20 }
${extra}`);
  const withStore = async <T>(body: (p: PreparedPipeline, store: Store) => Promise<T>): Promise<T> => {
    const p = await preparePipeline(await loadPipeline(file), process.env);
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      return await body(p, store);
    } finally {
      await store.close();
    }
  };
  const run = (options: Partial<RunOptions> = {}) => withStore((p, store) => runPipeline(p, store, { logger: quiet, ...options }));
  const sinkRows = () => (existsSync(join(dir, 'sink.json')) ? Object.keys((JSON.parse(readFileSync(join(dir, 'sink.json'), 'utf8')) as { rows: object }).rows).length : 0);
  return { dir, run, withStore, sinkRows };
}

t.test('a dry run plans every stage and writes nothing: no sink write, no run, no cursor, no dead letter', async (t) => {
  const { run, withStore, sinkRows } = setup(t);
  const plan = await run({ dryRun: { sample: 3 } });
  t.equal(plan.kind, 'dry-run');
  t.match(plan.stages[0], { read: 70, created: 60, deadLettered: 10 }, 'it counts what a run would create and dead-letter (every seventh amount is not a number)');
  t.equal(plan.stages[0]!.plan!.samples.length, 3, 'with diffs for the sample asked for');
  t.match(plan.stages[0]!.plan!.samples[0], { op: 'create', diff: [{ field: 'id', after: 'o0' }, { field: 'amount', after: 0 }] });
  t.equal(sinkRows(), 0, 'the sink was not written');
  await withStore(async (p, store) => {
    t.same(await store.runs(p.name), [], 'no run recorded');
    t.same(await store.streamStates(p.name), [], 'no cursor');
    t.same(await store.deadLetters(p.name), [], 'no dead letter');
  });
});

t.test('a sampled run writes a slice and leaves the cursor where it was; the next run does the rest', async (t) => {
  const { run, withStore, sinkRows } = setup(t);
  const slice = await run({ limit: 25 });
  t.match(slice, { sampled: true, counts: { read: 25 } });
  t.equal(sinkRows(), 22, 'the first 25 records, less the three with a bad amount');
  await withStore(async (p, store) => t.same(await store.streamStates(p.name), [], 'the cursor did not move'));
  const filtered = await run({ where: '$number(id.$substringAfter("o")) >= 60' });
  t.match(filtered.counts, { read: 70, written: 8, deadLettered: 10 }, 'a --where filter writes only the records it holds for (o60 to o69, less two bad amounts)');
  t.equal(filtered.stages[0]!.skipped, 52, 'the other valid records are left out');
  const rest = await run();
  t.match(rest.counts, { read: 70, written: 30, unchanged: 30 }, 'the full run writes what the slices did not, and nothing twice');
  t.equal(sinkRows(), 60);
});

t.test('a rollback on a sink that cannot delete reports each creation it cannot undo, and still puts the cursor back', async (t) => {
  const { run, withStore } = setup(t);
  const first = await run();
  t.equal(first.counts.written, 60);
  const report = await withStore((p, store) => rollbackRun(p, store, first.runId, { actor: 'tester', logger: quiet }));
  t.equal(report.status, 'partial');
  t.equal(report.restored + report.deleted, 0, 'nothing could be undone');
  t.equal(report.notUndone.length, 60, 'and every record says why');
  t.match(report.notUndone[0], { stage: 'orders', object: 'out.orders', why: 'the run created it and the sink cannot delete records' });
  t.equal(report.cursorsRestored, 1);
  await withStore(async (p, store) => {
    t.same(await store.streamStates(p.name), [], 'the cursor is back where it was (none)');
    const events = await store.events(p.name, { kindPrefix: 'operator.rollback' });
    t.match(events, [{ actor: 'tester', detail: { run: first.runId } }], 'the rollback is audited');
  });
});

t.test('a review rule holds records without holding the cursor back; a paused pipeline refuses to run', async (t) => {
  const { run, withStore, sinkRows } = setup(t, 'review:\n  - { stage: orders, name: big, when: "amount >= 50", reason: "large amount" }\n');
  const first = await run();
  t.match(first.counts, { read: 70, written: 43, held: 17, deadLettered: 10 });
  t.equal(sinkRows(), 43);
  await withStore(async (p, store) => {
    const held = await store.reviews(p.name);
    t.equal(held.length, 17);
    t.match(held[0], { rule: 'big', reason: 'large amount', status: 'pending', record_key: 'o50' });
    t.same((await store.streamStates(p.name)).map((s) => s.state), [{ next: 70 }], 'the cursor moved past the held records');
    await store.decideReviews(p.name, held.slice(0, 5).map((r) => String(r.id)), 'approved', 'reviewer', 'checked with the buyer');
    await store.setPaused(p.name, true, 'ops', 'maintenance');
  });
  await t.rejects(run(), { code: 'PIPELINE_PAUSED', message: /paused \(by ops at .*: maintenance\)/ });
  await withStore((p, store) => store.setPaused(p.name, false, 'ops'));
  const second = await run();
  t.match(second.counts, { read: 0, written: 5, created: 5 }, 'the approved records are written first, without reading the source again');
  t.equal(sinkRows(), 48);
  await withStore(async (p, store) => {
    t.equal((await store.reviews(p.name, { status: 'applied' })).length, 5);
    t.equal((await store.reviews(p.name, { status: 'pending' })).length, 12);
  });
});

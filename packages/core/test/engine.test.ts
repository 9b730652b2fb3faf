import t, { type Test } from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@datong/store';
import { loadPipeline } from '../src/pipeline-loader.js';
import { preparePipeline } from '../src/prepare-pipeline.js';
import { runPipeline } from '../src/pipeline-runner.js';
import { installMemoryPlugin } from './helpers/memory-plugin.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function setup(t: Test, sink: Record<string, unknown>, source: Record<string, unknown> = { count: 70 }) {
  const dir = t.testdir({});
  installMemoryPlugin(dir);
  const file = join(dir, 'pipeline.yaml');
  const write = (src: Record<string, unknown>) => writeFileSync(file, `name: memory
sources:
  mem: { plugin: datong-plugin-memory, config: ${JSON.stringify(src)} }
sinks:
  out: { plugin: datong-plugin-memory, config: ${JSON.stringify({ file: 'sink.json', token: { env: 'MEM_TOKEN' }, ...sink })} }
stages:
  - { name: orders, from: mem.orders, to: out.orders, batchSize: 20, retries: 3 }
`);
  write(source);
  const run = async (options: { fullRefresh?: boolean } = {}) => {
    const p = await preparePipeline(await loadPipeline(file), { ...process.env, MEM_TOKEN: 'tok-123456' });
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      return await runPipeline(p, store, { logger: quiet, ...options });
    } finally {
      await store.close();
    }
  };
  const sinkFile = () => JSON.parse(readFileSync(join(dir, 'sink.json'), 'utf8')) as { rows: Record<string, unknown>; writes: number };
  return { dir, run, sinkFile, write };
}


t.test('a retryable sink error is retried with backoff; the batch then goes through once', async (t) => {
  const { run, sinkFile } = setup(t, { failures: 2, retryable: true });
  const summary = await run();
  t.equal(summary.status, 'partial', 'every seventh record has a wrong type');
  t.match(summary.counts, { read: 70, written: 60, deadLettered: 10 });
  t.equal(Object.keys(sinkFile().rows).length, 60);
  t.equal(sinkFile().writes, 4 + 2, 'four batch writes, plus the two failed attempts before the first one went through');
});

t.test('a non-retryable sink error fails the stage at once, redacted, with nothing committed for that batch', async (t) => {
  const { run, sinkFile } = setup(t, { failures: 1, retryable: false });
  const summary = await run();
  t.equal(summary.status, 'failed');
  t.equal(sinkFile().writes, 1, 'not retried');
  t.match(summary.stages[0]!.error, /token \[redacted\] refused/, 'the secret from the environment is redacted');
  t.notMatch(JSON.stringify(summary), /tok-123456/);
  const again = await run();
  t.equal(again.status, 'partial', 'the next run starts over from the committed cursor');
  t.match(again.counts, { read: 70, written: 60 });
});

t.test('a second run is incremental; --full-refresh reads all again and writes only what changed', async (t) => {
  const { run, sinkFile, write } = setup(t, {});
  await run();
  const incremental = await run();
  t.match(incremental.counts, { read: 70, written: 0, unchanged: 60 }, 'the memory source restarts after a complete scan; the ledger finds nothing changed');
  write({ count: 70, revision: 1 });
  const refreshed = await run({ fullRefresh: true });
  t.match(refreshed.counts, { read: 70, written: 60, unchanged: 0 });
  t.equal((sinkFile().rows.o1 as { amount: number }).amount, 2);
});

t.test('a record the sink defers waits, is tried first on the next run, and goes through once its parent is there', async (t) => {
  const { dir, run, sinkFile } = setup(t, { deferUntil: 'parents-ready' }, { count: 40, once: true });
  const first = await run();
  t.match(first.counts, { read: 40, written: 32, deadLettered: 8 }, 'o3, o23 and o33 deferred; every seventh (o13 among them) malformed');
  t.notOk('o3' in sinkFile().rows);

  const waiting = await run();
  t.match(waiting.counts, { read: 0, written: 0 }, 'nothing new to read, and the parents are still missing: they wait again');

  writeFileSync(join(dir, 'parents-ready'), '');
  const second = await run();
  t.match(second.counts, { read: 0, written: 3, created: 3 }, 'the 3 deferred records go through without the source reading them again');
  t.same(['o3', 'o23', 'o33'].map((k) => k in sinkFile().rows), [true, true, true]);
  t.notOk('o13' in sinkFile().rows, 'a malformed record is not deferred: it stays a dead letter');
  const store = await openStore({ dir: join(dir, '.datong') });
  try {
    t.same(await store.deferredRecords('memory', 'orders'), [], 'no deferred record left');
    t.same(await store.streamState('memory', 'orders', 'mem.orders'), { next: 40 }, 'the cursor did not move back');
  } finally {
    await store.close();
  }
});

t.test('a stage where: leaves records out (skipped, not dead-lettered) and the cursor moves past them; a bad condition is a config error', async (t) => {
  const dir = t.testdir({});
  installMemoryPlugin(dir);
  const file = join(dir, 'pipeline.yaml');
  const pipeline = (where: string) => writeFileSync(file, `name: filtered
sources:
  mem: { plugin: datong-plugin-memory, config: { count: 70 } }
sinks:
  out: { plugin: datong-plugin-memory, config: { file: sink.json, token: { env: MEM_TOKEN } } }
stages:
  - { name: orders, from: mem.orders, to: out.orders, batchSize: 20, where: ${JSON.stringify(where)} }
`);
  const run = async () => {
    const p = await preparePipeline(await loadPipeline(file), { ...process.env, MEM_TOKEN: 'tok-123456' });
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      return await runPipeline(p, store, { logger: quiet });
    } finally {
      await store.close();
    }
  };
  pipeline('amount < 30');
  const first = await run();
  // o0..o69; every seventh amount is malformed (dead-lettered before any filter); of the rest, those under 30 are written.
  t.match(first.stages[0], { read: 70, written: 26, deadLettered: 10, skipped: 34 });
  const rows = JSON.parse(readFileSync(join(dir, 'sink.json'), 'utf8')).rows as Record<string, { amount: number }>;
  t.ok(Object.values(rows).every((r) => r.amount < 30), 'only what the condition holds for reached the sink');
  const second = await run();
  t.match(second.stages[0], { written: 0, unchanged: 26, skipped: 34 }, 'the next run leaves the same records out, nothing rewritten');
  pipeline('amount <');
  await t.rejects(run(), /stages\/0\/where/, 'a condition that does not parse names the stage\'s where');
});

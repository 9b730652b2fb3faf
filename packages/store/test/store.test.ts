import t from 'tap';
import { forEachDialect } from '../src/testing.js';

forEachDialect(t, async (t, dialect) => {
  const store = await dialect.open(t);

  t.test('a batch commit moves ledger, cursor, counts and the intent together', async (t) => {
    await store.createRun({ id: 'run-1', pipeline: 'p', options: { fullRefresh: false } });
    await store.startStage('run-1', 'orders');
    const intent = await store.openIntent({
      runId: 'run-1', pipeline: 'p', stage: 'orders', object: 'wh.orders', batch: 1,
      keys: ['A1', 'A2'], before: { A2: { total: '1.00' } }, beforeSource: 'sink',
    });
    await store.commitBatch({
      pipeline: 'p', runId: 'run-1', stage: 'orders', object: 'wh.orders', stream: 'src.orders',
      state: { watermark: '2026-11-25' }, intentId: intent,
      written: [{ key: 'A1', hash: 'h1' }, { key: 'A2', hash: 'h2', sinkId: '42' }],
      deadLetters: [{ stream: 'src.orders', key: 'A3', code: 'UNMAPPED_VALUE', reason: 'status "X" has no mapping', payload: { order_no: 'A3' } }],
      counts: { read: 3, written: 2, unchanged: 0, deadLettered: 1 },
    });
    t.same(Object.fromEntries(await store.ledgerHashes('p', 'wh.orders', ['A1', 'A2', 'A9'])), { A1: 'h1', A2: 'h2' });
    t.same(await store.streamState('p', 'orders', 'src.orders'), { watermark: '2026-11-25' });
    const [stage] = await store.runStages(['run-1']);
    t.match(stage, { records_read: 3, written: 2, unchanged: 0, dead_lettered: 1 });
    const journal = await store.db.selectFrom('journal').selectAll().execute();
    t.same(journal.map((j) => [j.status, j.keys, j.before]), [['applied', ['A1', 'A2'], { A2: { total: '1.00' } }]], 'A1 is a creation: no before-image');
  });

  t.test('the same record failing again counts an attempt, and a later write resolves it', async (t) => {
    const dl = { stream: 'src.orders', key: 'A3', code: 'UNMAPPED_VALUE', reason: 'status "X" has no mapping' };
    const base = { pipeline: 'p', runId: 'run-1', stage: 'orders', object: 'wh.orders', stream: 'src.orders', state: null };
    await store.commitBatch({ ...base, written: [], deadLetters: [dl, dl], counts: { read: 1, written: 0, unchanged: 0, deadLettered: 1 } });
    let open = await store.deadLetters('p', { status: 'open' });
    t.equal(open.length, 1, 'one open dead letter for A3');
    t.equal(open[0]!.attempts, 2, 'seen twice across commits');
    t.same(await store.deadLetterCounts('p'), [{ stage: 'orders', code: 'UNMAPPED_VALUE', count: 1, example: dl.reason }]);

    await store.commitBatch({ ...base, written: [{ key: 'A3', hash: 'h3' }], deadLetters: [], counts: { read: 1, written: 1, unchanged: 0, deadLettered: 0 } });
    open = await store.deadLetters('p', { status: 'open' });
    t.equal(open.length, 0, 'A3 went through: its dead letter is resolved');
  });

  t.test('a run whose process died is marked crashed and its intents interrupted', async (t) => {
    await store.createRun({ id: 'run-2', pipeline: 'p', options: {} });
    await store.startStage('run-2', 'orders');
    await store.openIntent({ runId: 'run-2', pipeline: 'p', stage: 'orders', object: 'wh.orders', batch: 1, keys: ['B1'], before: {}, beforeSource: 'sink' });
    // A pid that cannot exist stands for a process killed with SIGKILL.
    await store.db.updateTable('runs').set({ pid: 2 ** 22 + 1 }).where('id', '=', 'run-2').execute();
    const settled = await store.settleCrashed('p');
    t.same(settled, { runs: ['run-2'], intents: 1 });
    const [run] = await store.runs('p', 1);
    t.equal(run!.status, 'crashed');
    t.same(await store.settleCrashed('p'), { runs: [], intents: 0 }, 'settling twice changes nothing');
  });

  t.test('events record what was done', async (t) => {
    await store.addEvent({ pipeline: 'p', runId: 'run-1', kind: 'run.finished', detail: { written: 2 } });
    const events = await store.db.selectFrom('events').selectAll().execute();
    t.match(events, [{ kind: 'run.finished', actor: 'datong', detail: { written: 2 } }]);
  });

  if (dialect.name === 'embedded') {
    t.test('the embedded database is offered to plugins, sharing the one session safely', async (t) => {
      const sqlc = store.embeddedSql!;
      await sqlc.query('create table public.w (k text primary key, v int)');
      await Promise.all([
        sqlc.transaction(async (tx) => {
          await tx.query("insert into public.w values ('a', 1)");
          await tx.query("insert into public.w values ('b', 2)");
        }),
        store.ledgerHashes('p', 'wh.orders', ['A1']),
      ]);
      const { rows } = await sqlc.query<{ n: number }>('select count(*)::int as n from public.w');
      t.equal(rows[0]!.n, 2);
    });
  }
});

import t from 'tap';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlRequests, type ControlRequest } from '../src/control-requests.js';
import type { BatchCommit, HeldRecord } from '../src/store.js';
import { forEachDialect } from '../src/testing.js';

const NO_COUNTS = { read: 0, written: 0, unchanged: 0, deadLettered: 0 };

/** A batch commit of stage `orders` into `wh.orders` with nothing in it but what `c` says. */
function batch(c: Partial<BatchCommit> & Pick<BatchCommit, 'pipeline' | 'runId'>): BatchCommit {
  return { stage: 'orders', object: 'wh.orders', stream: 'src.orders', state: null, written: [], deadLetters: [], counts: NO_COUNTS, ...c };
}

/** Row ids (bigserial) are typed as strings but read back as numbers: compare them as the strings the store's methods take. */
const ids = (rows: { id: unknown }[]) => rows.map((r) => String(r.id));


forEachDialect(t, async (t, dialect) => {
  const store = await dialect.open(t);

  t.test('a pause records who paused and why, in the control row and the audit trail', async (t) => {
    t.equal(await store.pipelineControl('shop'), undefined, 'a pipeline never paused has no control row');
    await store.setPaused('shop', true, 'ana', 'the CRM is migrating tonight');
    t.match(await store.pipelineControl('shop'), { pipeline: 'shop', paused: true, actor: 'ana', reason: 'the CRM is migrating tonight' });
    t.equal(await store.pipelineControl('other'), undefined, 'other pipelines are not paused');
    t.match(await store.events('shop', { kindPrefix: 'operator.' }), [
      { kind: 'operator.pause', actor: 'ana', run_id: null, detail: { reason: 'the CRM is migrating tonight' } },
    ]);

    await store.setPaused('shop', false, 'bo');
    t.match(await store.pipelineControl('shop'), { paused: false, actor: 'bo', reason: null }, 'resumed, by bo, the old reason gone');
    t.same((await store.events('shop')).map((e) => [e.kind, e.actor]), [['operator.resume', 'bo'], ['operator.pause', 'ana']], 'newest first');
  });

  t.test('restoring a run\'s cursors puts them back where the run found them', async (t) => {
    const p = 'cursors';
    await store.commitBatch(batch({ pipeline: p, runId: 'cur-0', state: { since: '2026-12-01' } }));
    const found = [
      { stream: 'src.orders', state: await store.streamState(p, 'orders', 'src.orders') },
      { stream: 'src.refunds', state: await store.streamState(p, 'orders', 'src.refunds') },
    ];
    await store.saveRunCursors('cur-1', 'orders', found);
    await store.commitBatch(batch({ pipeline: p, runId: 'cur-1', state: { since: '2026-12-03' } }));
    await store.commitBatch(batch({ pipeline: p, runId: 'cur-1', stream: 'src.refunds', state: { page: 4 } }));
    // A resumed run saves again: the first save, from before any batch, must win.
    await store.saveRunCursors('cur-1', 'orders', [{ stream: 'src.orders', state: { since: '2026-12-03' } }]);
    t.same((await store.runCursors('cur-1')).map((c) => [c.stream, c.state]).sort(), [['src.orders', { since: '2026-12-01' }], ['src.refunds', null]]);
    t.same(await store.streamState(p, 'orders', 'src.orders'), { since: '2026-12-03' }, 'the run moved the cursor');

    t.equal(await store.restoreCursors(p, 'cur-1'), 2);
    t.same(await store.streamState(p, 'orders', 'src.orders'), { since: '2026-12-01' }, 'back to where cur-1 found it');
    t.equal(await store.streamState(p, 'orders', 'src.refunds'), undefined, 'a stream with no cursor before the run has none again');
    t.equal(await store.restoreCursors(p, 'run-never'), 0, 'a run that saved nothing restores nothing');
  });

  t.test('laterWrites lists only other runs\' later, unrolled-back writes of the same keys and object', async (t) => {
    const p = 'rollback';
    const intent = (runId: string, keys: string[], object = 'wh.orders') =>
      store.openIntent({ runId, pipeline: p, stage: 'orders', object, batch: 1, keys, before: {}, beforeSource: 'sink' });
    const applied = async (runId: string, keys: string[], object = 'wh.orders') => {
      const intentId = await intent(runId, keys, object);
      await store.commitBatch(batch({ pipeline: p, runId, object, intentId, written: keys.map((key) => ({ key, hash: `${runId}:${key}` })) }));
      return intentId;
    };
    await applied('run-0', ['K1']);
    const first = await applied('run-1', ['K1', 'K2', 'K3']);
    await applied('run-1', ['K2']);
    await applied('run-2', ['K1', 'K9']);
    const undone = await applied('run-3', ['K2']);
    await store.markRolledBack({ id: undone, pipeline: p, object: 'wh.orders' }, { restored: ['K2'], deleted: [], notUndone: [], by: 'run-rb' });
    await intent('run-4', ['K3']);
    await store.interruptIntents('run-4');
    await applied('run-5', ['K1'], 'wh.customers');

    t.same(await store.laterWrites(p, 'wh.orders', ['K1', 'K2', 'K3'], first, 'run-1'), [
      { runId: 'run-2', key: 'K1' },
      { runId: 'run-4', key: 'K3' },
    ], 'run-2 rewrote K1 and run-4 may have written K3; not run-0 (earlier), run-1 itself, run-3 (rolled back) or run-5 (another object)');
    t.same(await store.laterWrites(p, 'wh.orders', [], first, 'run-1'), []);
  });

  t.test('a batch\'s rollback reverts the ledger so the next run writes those records again', async (t) => {
    const p = 'rollback-ledger';
    await store.commitBatch(batch({ pipeline: p, runId: 'rl-0', written: [{ key: 'X1', hash: 'h-X1' }] }));
    await store.commitBatch(batch({ pipeline: p, runId: 'rl-0', object: 'wh.customers', written: [{ key: 'C1', hash: 'h-cust' }] }));
    const id = await store.openIntent({
      runId: 'rl-1', pipeline: p, stage: 'orders', object: 'wh.orders', batch: 1, keys: ['U1', 'C1'],
      before: { U1: { total: '10.00' } }, beforeSource: 'sink',
    });
    await store.commitBatch(batch({
      pipeline: p, runId: 'rl-1', intentId: id, written: [{ key: 'U1', hash: 'h-U1' }, { key: 'C1', hash: 'h-C1' }],
      after: { U1: { total: '12.00' }, C1: { total: '3.00' } },
    }));

    const outcome = { restored: ['U1'], deleted: ['C1'], notUndone: [], by: 'run-rb' };
    await store.markRolledBack({ id, pipeline: p, object: 'wh.orders' }, outcome);
    const hashes = await store.ledgerHashes(p, 'wh.orders', ['U1', 'C1', 'X1']);
    t.notOk(hashes.has('C1'), 'the record the run created and the rollback deleted left the ledger');
    t.ok(hashes.has('U1') && hashes.get('U1') !== 'h-U1', 'the restored record no longer matches what the run wrote, so it is not skipped as unchanged');
    t.equal(hashes.get('X1'), 'h-X1', 'a key the batch did not hold is untouched');
    t.same(Object.fromEntries(await store.ledgerHashes(p, 'wh.customers', ['C1'])), { C1: 'h-cust' }, 'the same key in another object is untouched');
    const [entry] = await store.journalOfRun('rl-1');
    t.match(entry, { status: 'applied', after: { U1: { total: '12.00' } }, rollback: { ...outcome, at: String } }, 'the journal says what the rollback did');
  });

  t.test('journalForKeys finds every batch, of any stage, that held one of the keys', async (t) => {
    const p = 'lineage';
    // A batch written and committed, with its after-images (kept on the intent at commit).
    const open = async (runId: string, stage: string, keys: string[], pipeline = p) => {
      const intentId = await store.openIntent({ runId, pipeline, stage, object: `wh.${stage}`, batch: 1, keys, before: {}, beforeSource: 'sink' });
      await store.commitBatch(batch({
        pipeline, runId, stage, object: `wh.${stage}`, intentId, written: keys.map((k) => ({ key: k, hash: `h-${k}` })),
        after: Object.fromEntries(keys.map((k) => [k, { by: runId }])),
      }));
      return intentId;
    };
    const b1 = await open('run-1', 'orders', ['A', 'B']);
    const b2 = await open('run-1', 'customers', ['A']);
    const b3 = await open('run-2', 'orders', ['B', 'C', 'AA']);
    await open('run-3', 'orders', ['A'], 'elsewhere');

    const forA = await store.journalForKeys(p, ['A']);
    t.same(ids(forA), [b1, b2], 'oldest first; not AA, not another pipeline');
    t.same(forA.map((e) => e.after?.A), [{ by: 'run-1' }, { by: 'run-1' }], 'with the after-image of the record');
    t.same(ids(await store.journalForKeys(p, ['A', 'C'])), [b1, b2, b3]);
    t.same(await store.journalForKeys(p, []), []);
  });

  t.test('held records wait in reviews until approved and written, or superseded', async (t) => {
    const p = 'reviews';
    const held = (key: string, total: number): HeldRecord =>
      ({ stream: 'src.orders', key, rule: 'large-refund', reason: `refund of ${total}`, record: { total }, hash: `h${total}`, before: { total: 1 } });
    await store.commitBatch(batch({ pipeline: p, runId: 'run-1', state: { page: 2 }, held: [held('O1', 900), held('O2', 700)], counts: { ...NO_COUNTS, read: 2, held: 2 } }));
    t.match(await store.reviews(p), [
      { record_key: 'O1', status: 'pending', rule: 'large-refund', reason: 'refund of 900', record: { total: 900 }, before: { total: 1 }, run_id: 'run-1' },
      { record_key: 'O2', status: 'pending' },
    ]);
    t.same(await store.streamState(p, 'orders', 'src.orders'), { page: 2 }, 'the cursor moves past held records');

    await store.commitBatch(batch({ pipeline: p, runId: 'run-2', held: [held('O1', 950)] }));
    const o1 = await store.reviews(p, { key: 'O1', status: 'all' });
    t.same(o1.map((r) => [r.status, r.record]), [['superseded', { total: 900 }], ['pending', { total: 950 }]], 'the newer version replaces the one waiting');
    await t.rejects(
      store.db.insertInto('reviews').values({ pipeline: p, run_id: 'run-x', stage: 'orders', stream: 'src.orders', record_key: 'O1', rule: 'r', record: '{}', hash: 'h', before: null, status: 'pending' }).execute(),
      { message: /reviews_open/ }, 'the database itself refuses a second open review of a record',
    );

    await store.commitBatch(batch({ pipeline: p, runId: 'run-3', written: [{ key: 'O2', hash: 'h-new' }], settleReviews: true }));
    t.match(await store.reviews(p, { key: 'O2' }), [{ status: 'superseded' }], 'a newer version written settles the one waiting');

    const [oldO1, newO1] = ids(o1);
    const [o2] = ids(await store.reviews(p, { key: 'O2' }));
    t.same(await store.decideReviews(p, [oldO1!, newO1!, o2!], 'approved', 'ana', 'checked with finance'), [newO1], 'only a pending review is decided');
    t.match(await store.reviews(p, { ids: [newO1!] }), [{ status: 'approved', decided_by: 'ana', decision_reason: 'checked with finance', decided_at: Date }]);
    const [approval] = await store.events(p, { kindPrefix: 'operator.review' });
    t.match(approval, { kind: 'operator.review.approve', actor: 'ana', detail: { reason: 'checked with finance' } });
    t.same((approval!.detail.reviews as { id: unknown; key: string }[]).map((r) => [String(r.id), r.key]), [[newO1, 'O1']]);
    t.same(await store.decideReviews(p, [newO1!], 'rejected', 'bo'), [], 'a decision is not taken twice');
    t.equal((await store.events(p, { kindPrefix: 'operator.review' })).length, 1, 'and no event is recorded for nothing');

    await store.commitBatch(batch({ pipeline: p, runId: 'run-4', held: [held('O3', 600)] }));
    const [o3] = ids(await store.reviews(p, { key: 'O3' }));
    t.same(await store.decideReviews(p, [o3!], 'rejected', 'bo', 'fraud'), [o3]);
    t.match(await store.events(p, { kindPrefix: 'operator.review', limit: 1 }), [{ kind: 'operator.review.reject', actor: 'bo', detail: { reason: 'fraud' } }]);
    t.same(await store.decideReviews('another-pipeline', [newO1!], 'rejected', 'bo'), [], 'a review is decided only within its pipeline');

    t.same(ids(await store.approvedReviews(p, 'orders')), [newO1], 'approved and not yet written');
    t.same(await store.approvedReviews(p, 'customers'), []);
    // What a run applying approved reviews commits: the cursor stays, settleReviews is on.
    await store.commitBatch(batch({ pipeline: p, runId: 'run-5', written: [{ key: 'O1', hash: 'h950' }], reviewsApplied: [newO1!], settleReviews: true, moveCursor: false }));
    t.match(await store.reviews(p, { ids: [newO1!] }), [{ status: 'applied', applied_run: 'run-5' }], 'applied, not superseded by its own write');
    t.same(await store.approvedReviews(p, 'orders'), []);
  });

  t.test('a replay batch leaves the cursor alone and closes the dead letters it replayed', async (t) => {
    const p = 'replay';
    const unmapped = (key: string) => ({ stream: 'src.orders', key, code: 'UNMAPPED_VALUE', reason: 'status "X" has no mapping', payload: { key } });
    await store.commitBatch(batch({ pipeline: p, runId: 'run-1', state: { page: 1 }, deadLetters: [unmapped('X'), unmapped('Y')] }));
    const [x, y] = ids(await store.deadLetters(p));

    await store.commitBatch(batch({
      pipeline: p, runId: 'run-2', state: { page: 99 }, moveCursor: false, replayedDeadLetters: [x!, y!],
      written: [{ key: 'Y', hash: 'hY' }], deadLetters: [unmapped('X')],
    }));
    t.same(await store.streamState(p, 'orders', 'src.orders'), { page: 1 }, 'the cursor did not move');
    t.match(await store.streamStates(p), [{ run_id: 'run-1' }], 'the cursor row is untouched');
    await store.commitBatch(batch({ pipeline: p, runId: 'run-2', stream: 'src.refunds', state: { page: 5 }, moveCursor: false }));
    t.equal(await store.streamState(p, 'orders', 'src.refunds'), undefined, 'nor does a stream without a cursor get one');
    t.same(Object.fromEntries(await store.ledgerHashes(p, 'wh.orders', ['Y'])), { Y: 'hY' }, 'the records were written all the same');

    const forX = await store.deadLetters(p, { key: 'X', status: 'all' });
    t.match(forX, [{ status: 'replayed', attempts: 1 }, { status: 'open', attempts: 1, run_id: 'run-2' }], 'X failed again: a new open dead letter');
    t.not(String(forX[1]!.id), x, 'a new one, not the replayed one reopened');
    t.match(await store.deadLetters(p, { ids: [y!], status: 'all' }), [{ status: 'replayed' }], 'Y went through: its dead letter is closed as replayed');
    t.same(await store.deadLetters(p, { ids: [], status: 'all' }), [], 'an empty id list selects nothing');
  });

  t.test('the latest reconciliation of each stage, and its repair', async (t) => {
    const p = 'recon';
    const save = (stage: string, missing: number) =>
      store.saveReconciliation({ pipeline: p, stage, sourceCount: 100, sinkCount: 100 - missing, missing, mismatched: 1, report: { missing: [] }, actor: 'ana' });
    const older = await save('orders', 3);
    const orders = await save('orders', 0);
    const customers = await save('customers', 5);
    await store.setReconciliationRepaired([orders], 'run-repair');

    const latest = await store.latestReconciliations(p);
    t.match(latest.map((r) => ({ ...r, id: String(r.id) })), [
      { id: customers, stage: 'customers', source_count: 100, sink_count: 95, missing: 5, mismatched: 1, repaired_run: null },
      { id: orders, stage: 'orders', missing: 0, repaired_run: 'run-repair' },
    ], 'one per stage, the newest');
    const kept = await store.db.selectFrom('reconciliations').select('repaired_run').where('id', '=', older).executeTakeFirstOrThrow();
    t.equal(kept.repaired_run, null, 'the older one stays as it was');
    t.same(await store.latestReconciliations('nothing-here'), []);
  });

  t.test('discarding dead letters closes only open ones and records who and why', async (t) => {
    const p = 'discard';
    const dl = (key: string) => ({ stream: 'src.orders', key, code: 'SINK_REJECTED', reason: 'email is invalid' });
    await store.commitBatch(batch({ pipeline: p, runId: 'run-1', deadLetters: [dl('A'), dl('B'), dl('C')] }));
    await store.commitBatch(batch({ pipeline: p, runId: 'run-2', written: [{ key: 'C', hash: 'hC' }] }));
    const [a, b, c] = ids(await store.deadLetters(p, { status: 'all' }));

    t.equal(await store.discardDeadLetters(p, [a!, c!], 'carol', 'test orders'), 1, 'C was already resolved');
    t.same((await store.deadLetters(p, { status: 'all' })).map((d) => [d.record_key, d.status]), [['A', 'discarded'], ['B', 'open'], ['C', 'resolved']]);
    const [event] = await store.events(p, { kindPrefix: 'operator.dead_letters' });
    t.match(event, { kind: 'operator.dead_letters.discard', actor: 'carol', detail: { reason: 'test orders', deadLetters: [{ key: 'A', stage: 'orders', code: 'SINK_REJECTED' }] } });
    t.equal((event!.detail.deadLetters as unknown[]).length, 1);

    t.equal(await store.discardDeadLetters(p, [a!], 'carol'), 0, 'discarding twice discards nothing');
    t.equal(await store.discardDeadLetters('another-pipeline', [b!], 'carol'), 0, 'only within its pipeline');
    t.equal((await store.events(p, { kindPrefix: 'operator.dead_letters' })).length, 1, 'and records no event');
    t.same(ids(await store.deadLetters(p, { status: 'open' })), [b], 'B is still open');
  });
});

t.test('control requests reach the holder of the embedded store once, and only the latest', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-control-'));
  const requests = new ControlRequests(dir);
  t.same(requests.all(), [], 'nothing waiting before the first request');
  t.equal(requests.peek('shop'), undefined);

  const pause: ControlRequest = { pipeline: 'shop/eu', action: 'pause', actor: 'ana', reason: 'CRM migration', at: '2026-12-03T10:00:00.000Z' };
  requests.put(pause);
  requests.put({ pipeline: 'crm', action: 'pause', actor: 'bo', at: '2026-12-03T10:00:01.000Z' });
  t.same(requests.peek('shop/eu'), pause, 'a pipeline name with a slash is one file');
  t.same(requests.all().map((r) => r.pipeline).sort(), ['crm', 'shop/eu']);

  const resume: ControlRequest = { pipeline: 'shop/eu', action: 'resume', actor: 'ana', at: '2026-12-03T10:05:00.000Z' };
  requests.put(resume);
  t.same(requests.peek('shop/eu'), resume, 'a newer request replaces the one waiting');
  requests.done(pause);
  t.same(requests.peek('shop/eu'), resume, 'applying the older request does not remove the newer one');
  requests.done(resume);
  t.equal(requests.peek('shop/eu'), undefined, 'applied: gone');
  t.same(requests.all().map((r) => r.pipeline), ['crm']);
  t.notOk(readdirSync(join(dir, 'control')).some((n) => n.endsWith('.tmp')), 'no half-written file is left behind');
});

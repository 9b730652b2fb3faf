import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { SqlClient } from '@datong/sdk';
import { PluginStateStore } from './plugin-state-store.js';
import { processAlive } from './process-alive.js';
import type { SecretBox } from './secret-box.js';
import type { StoreTables } from './tables.js';

/** Counts of one stage of one run. */
export interface StageCounts {
  read: number;
  written: number;
  /** Of `written`, the records the sink did not hold before (per the ledger). */
  created?: number;
  unchanged: number;
  deadLettered: number;
  /** Records a review rule held. */
  held?: number;
}

/** A record a review rule held: it waits in `reviews` instead of being written. */
export interface HeldRecord {
  stream: string;
  key: string;
  rule: string;
  reason?: string;
  record: unknown;
  hash: string;
  before?: unknown;
}

/** A record that goes to the dead letters. */
export interface DeadLetterInput {
  stream: string;
  key?: string;
  at?: string;
  code: string;
  reason: string;
  payload?: unknown;
  raw?: string;
}

/** What one settled batch commits, in one transaction (step 4 of the write protocol). */
export interface BatchCommit {
  pipeline: string;
  runId: string;
  stage: string;
  object: string;
  /** The stream whose cursor moves, and the state its source returned. */
  stream: string;
  state: unknown;
  intentId?: string;
  written: { key: string; hash: string; sinkId?: string }[];
  /**
   * The records the sink accepted, by key, kept on the intent (each record's lineage). Committed
   * here rather than with the intent, so it costs nothing on the path before the sink write.
   */
  after?: Record<string, unknown>;
  deadLetters: DeadLetterInput[];
  /** Records held for review (the cursor moves past them: they wait in `reviews`). */
  held?: HeldRecord[];
  /** Approved reviews this batch wrote. */
  reviewsApplied?: string[];
  /** A stage with review rules: a record written supersedes an older version of it still waiting for review. */
  settleReviews?: boolean;
  /** Dead letters this batch replayed: closed as `replayed` (a record that fails again gets a new one). */
  replayedDeadLetters?: string[];
  /** False: leave the cursor where it is (a sampled run, or records written apart from their stream). */
  moveCursor?: boolean;
  counts: StageCounts;
  /** False when the stage is known to have no open dead letters, to save the look. */
  resolveDeadLetters?: boolean;
}

export type StoreKind = 'postgres' | 'embedded';

/**
 * The state store: the few queries the engine needs, over Kysely. Bulk statements take their rows
 * as one JSON parameter, which both Postgres and PGlite unpack fast, so a batch is one round trip.
 */
export class Store {
  constructor(
    readonly db: Kysely<StoreTables>,
    readonly kind: StoreKind,
    /** The embedded database for plugins, when the store is embedded. */
    readonly embeddedSql: SqlClient | undefined,
    private readonly onClose: () => Promise<void>,
    /** Seals the secrets plugins keep; made on first use. */
    private readonly secretBox: () => SecretBox,
  ) {}

  /** The state a plugin keeps in this store, for one pipeline and one source or sink (`sources.shop`). */
  pluginState(pipeline: string, scope: string): PluginStateStore {
    return new PluginStateStore(this.db, this.secretBox, pipeline, scope);
  }

  /** A per-purpose secret derived from the store's secret key (the identity phone-hash salt): never stored. */
  deriveSecret(purpose: string): string {
    return this.secretBox().derive(purpose);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }

  // ---- runs -------------------------------------------------------------------------------

  async createRun(run: { id: string; pipeline: string; options: Record<string, unknown>; kind?: string; actor?: string }): Promise<void> {
    await this.db
      .insertInto('runs')
      .values({ ...run, options: JSON.stringify(run.options), status: 'running', pid: process.pid, host: hostname(), kind: run.kind ?? 'sync', actor: run.actor ?? null })
      .execute();
  }

  async run(id: string) {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** What a stage ran with and saw: the mapping it applied, the contract drift of its sources. */
  async setStageDetails(runId: string, stage: string, details: { mapping?: string; drift?: unknown }): Promise<void> {
    await this.db.updateTable('run_stages')
      .set({ mapping: details.mapping ?? null, drift: details.drift === undefined ? null : JSON.stringify(details.drift) })
      .where('run_id', '=', runId).where('stage', '=', stage).execute();
  }

  async finishRun(id: string, status: string, error?: string): Promise<void> {
    await this.db.updateTable('runs').set({ status, error: error ?? null, finished_at: new Date() }).where('id', '=', id).execute();
  }

  async startStage(runId: string, stage: string): Promise<void> {
    await this.db.insertInto('run_stages').values({ run_id: runId, stage, status: 'running' }).execute();
  }

  async finishStage(runId: string, stage: string, status: string, error?: string): Promise<void> {
    await this.db
      .updateTable('run_stages')
      .set({ status, error: error ?? null, finished_at: new Date() })
      .where('run_id', '=', runId)
      .where('stage', '=', stage)
      .execute();
  }

  async runs(pipeline: string, limit = 20) {
    return this.db.selectFrom('runs').selectAll().where('pipeline', '=', pipeline).orderBy('started_at', 'desc').limit(limit).execute();
  }

  async runStages(runIds: string[]) {
    if (runIds.length === 0) return [];
    return this.db.selectFrom('run_stages').selectAll().where('run_id', 'in', runIds).orderBy('started_at').execute();
  }

  /**
   * Settles what a crashed run left: runs marked running whose process is gone become `crashed`,
   * their stages too, and their unapplied write intents `interrupted` (the rerun re-reads from the
   * committed cursor and writes those keys again; the intents keep the before-images for rollback).
   */
  async settleCrashed(pipeline: string): Promise<{ runs: string[]; intents: number }> {
    const running = await this.db.selectFrom('runs').select(['id', 'pid', 'host']).where('pipeline', '=', pipeline).where('status', '=', 'running').execute();
    const dead = running.filter((r) => !processAlive(r.pid, r.host)).map((r) => r.id);
    if (dead.length === 0) return { runs: [], intents: 0 };
    return this.db.transaction().execute(async (tx) => {
      await tx.updateTable('runs').set({ status: 'crashed', finished_at: new Date() }).where('id', 'in', dead).execute();
      await tx.updateTable('run_stages').set({ status: 'crashed', finished_at: new Date() }).where('run_id', 'in', dead).where('status', '=', 'running').execute();
      const settled = await tx
        .updateTable('journal')
        .set({ status: 'interrupted', settled_at: new Date() })
        .where('run_id', 'in', dead)
        .where('status', '=', 'intent')
        .executeTakeFirst();
      return { runs: dead, intents: Number(settled.numUpdatedRows) };
    });
  }

  /** Marks the write intents a failed or stopped run left open: the sink may or may not hold them. */
  async interruptIntents(runId: string): Promise<void> {
    await this.db.updateTable('journal').set({ status: 'interrupted', settled_at: new Date() }).where('run_id', '=', runId).where('status', '=', 'intent').execute();
  }

  // ---- cursors ----------------------------------------------------------------------------

  async streamState(pipeline: string, stage: string, stream: string): Promise<unknown> {
    const row = await this.db
      .selectFrom('stream_state')
      .select('state')
      .where('pipeline', '=', pipeline)
      .where('stage', '=', stage)
      .where('stream', '=', stream)
      .where('partition', '=', '')
      .executeTakeFirst();
    return row?.state;
  }

  async streamStates(pipeline: string) {
    return this.db.selectFrom('stream_state').selectAll().where('pipeline', '=', pipeline).orderBy('stage').orderBy('stream').execute();
  }

  // ---- ledger and journal -----------------------------------------------------------------

  /** The hash last written for each of these keys, for the keys the ledger knows. */
  async ledgerHashes(pipeline: string, object: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    // One index probe per key, whatever the planner believes about the ledger's size: a plain
    // `key = any($keys)` degrades to scanning every row of the pipeline against the whole array
    // while the table's statistics are stale (as they are during a first big load).
    const { rows } = await sql<{ key: string; hash: string }>`
      select key, hash from (
        select k.key, (select l.hash from ledger l where l.pipeline = ${pipeline} and l.object = ${object} and l.key = k.key) as hash
        from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key)
      ) found where hash is not null`.execute(this.db);
    return new Map(rows.map((r) => [r.key, r.hash]));
  }

  /**
   * Step 2 of the write protocol: the intent, committed before the sink is called. `keys` are all
   * the keys the batch writes; `before` holds the before-image of those the sink already had
   * (a key absent from it is a creation, undone by a delete).
   */
  async openIntent(intent: {
    runId: string; pipeline: string; stage: string; object: string; batch: number;
    keys: string[]; before: Record<string, unknown>; beforeSource: 'sink' | 'none';
  }): Promise<string> {
    const row = await this.db
      .insertInto('journal')
      .values({
        run_id: intent.runId, pipeline: intent.pipeline, stage: intent.stage, object: intent.object, batch: intent.batch,
        op: 'upsert', keys: JSON.stringify(intent.keys), before: JSON.stringify(intent.before),
        before_source: intent.beforeSource, status: 'intent',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return String(row.id);
  }

  /** Records a sink deferred (code DEFERRED, still open), mapped and ready to write again, oldest first. */
  async deferredRecords(pipeline: string, stage: string, limit = 10_000): Promise<{ stream: string; key: string; record: Record<string, unknown> }[]> {
    const rows = await this.db.selectFrom('dead_letters').select(['stream', 'record_key', 'payload'])
      .where('pipeline', '=', pipeline).where('stage', '=', stage).where('code', '=', 'DEFERRED').where('status', '=', 'open')
      .where('record_key', 'is not', null).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ stream: r.stream, key: r.record_key!, record: r.payload as Record<string, unknown> }));
  }

  /** Whether a stage has dead letters still open: only then can a write resolve one. */
  async hasOpenDeadLetters(pipeline: string, stage: string): Promise<boolean> {
    const row = await this.db.selectFrom('dead_letters').select('id').where('pipeline', '=', pipeline).where('stage', '=', stage).where('status', '=', 'open').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /** Step 4 of the write protocol: ledger, dead letters, cursor, counts and the intent, atomically. */
  async commitBatch(c: BatchCommit): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (c.written.length > 0) {
        const rows = JSON.stringify(c.written.map((w) => [w.key, w.hash, w.sinkId ?? null]));
        await sql`
          insert into ledger (pipeline, object, key, hash, sink_id, run_id, updated_at)
          select ${c.pipeline}, ${c.object}, r->>0, r->>1, r->>2, ${c.runId}, now()
          from jsonb_array_elements(${rows}::jsonb) as r
          on conflict (pipeline, object, key) do update
            set hash = excluded.hash, sink_id = coalesce(excluded.sink_id, ledger.sink_id),
                run_id = excluded.run_id, updated_at = excluded.updated_at`.execute(tx);
      }
      // A replayed dead letter is closed as such first (a record failing again gets a new one below).
      if (c.replayedDeadLetters && c.replayedDeadLetters.length > 0) {
        await tx.updateTable('dead_letters').set({ status: 'replayed', updated_at: new Date() })
          .where('id', 'in', c.replayedDeadLetters).where('status', '=', 'open').execute();
      }
      if (c.written.length > 0 && c.resolveDeadLetters !== false) {
        // A record that now went through settles the dead letters it had left before.
        await sql`
          update dead_letters d set status = 'resolved', updated_at = now()
          from jsonb_array_elements_text(${JSON.stringify(c.written.map((w) => w.key))}::jsonb) as k(key)
          where d.pipeline = ${c.pipeline} and d.stage = ${c.stage} and d.status = 'open' and d.record_key = k.key`.execute(tx);
      }
      if (c.deadLetters.length > 0) await insertDeadLetters(tx, c);
      if (c.held && c.held.length > 0) await insertHeld(tx, c, c.held);
      if (c.reviewsApplied && c.reviewsApplied.length > 0) {
        await tx.updateTable('reviews').set({ status: 'applied', applied_run: c.runId })
          .where('id', 'in', c.reviewsApplied).where('status', '=', 'approved').execute();
      }
      if (c.settleReviews && c.written.length > 0) {
        await sql`
          update reviews r set status = 'superseded'
          from jsonb_array_elements_text(${JSON.stringify(c.written.map((w) => w.key))}::jsonb) as k(key)
          where r.pipeline = ${c.pipeline} and r.stage = ${c.stage} and r.record_key = k.key and r.status in ('pending', 'approved')`.execute(tx);
      }
      if (c.moveCursor !== false) await tx
        .insertInto('stream_state')
        .values({ pipeline: c.pipeline, stage: c.stage, stream: c.stream, partition: '', state: JSON.stringify(c.state ?? null), run_id: c.runId })
        .onConflict((oc) => oc.columns(['pipeline', 'stage', 'stream', 'partition']).doUpdateSet({
          state: (eb) => eb.ref('excluded.state'), run_id: (eb) => eb.ref('excluded.run_id'), updated_at: new Date(),
        }))
        .execute();
      if (c.intentId !== undefined) {
        await tx.updateTable('journal').set({ status: 'applied', settled_at: new Date(), ...(c.after ? { after: JSON.stringify(c.after) } : {}) })
          .where('id', '=', c.intentId).execute();
      }
      await tx
        .updateTable('run_stages')
        .set((eb) => ({
          records_read: eb('records_read', '+', c.counts.read),
          written: eb('written', '+', c.counts.written),
          created: eb('created', '+', c.counts.created ?? 0),
          unchanged: eb('unchanged', '+', c.counts.unchanged),
          dead_lettered: eb('dead_lettered', '+', c.counts.deadLettered),
          held: eb('held', '+', c.counts.held ?? 0),
        }))
        .where('run_id', '=', c.runId)
        .where('stage', '=', c.stage)
        .execute();
    });
  }

  // ---- pause ---------------------------------------------------------------------------------

  async pipelineControl(pipeline: string) {
    return this.db.selectFrom('pipeline_controls').selectAll().where('pipeline', '=', pipeline).executeTakeFirst();
  }

  /** Pauses or resumes a pipeline, and records who did it (in the same transaction). */
  async setPaused(pipeline: string, paused: boolean, actor: string, reason?: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('pipeline_controls').values({ pipeline, paused, actor, reason: reason ?? null, at: new Date() })
        .onConflict((oc) => oc.column('pipeline').doUpdateSet({ paused, actor, reason: reason ?? null, at: new Date() }))
        .execute();
      await tx.insertInto('events').values({
        pipeline, run_id: null, kind: paused ? 'operator.pause' : 'operator.resume', actor, detail: JSON.stringify(reason ? { reason } : {}),
      }).execute();
    });
  }

  // ---- rollback ------------------------------------------------------------------------------

  /** Remembers where a stage's streams were before a run moved them (for rollback). */
  async saveRunCursors(runId: string, stage: string, cursors: { stream: string; state: unknown }[]): Promise<void> {
    if (cursors.length === 0) return;
    await this.db.insertInto('run_cursors')
      .values(cursors.map((c) => ({ run_id: runId, stage, stream: c.stream, state: c.state === undefined ? null : JSON.stringify(c.state) })))
      .onConflict((oc) => oc.columns(['run_id', 'stage', 'stream']).doNothing())
      .execute();
  }

  async runCursors(runId: string) {
    return this.db.selectFrom('run_cursors').selectAll().where('run_id', '=', runId).execute();
  }

  /** The batches a run wrote or meant to write, oldest first. */
  async journalOfRun(runId: string) {
    return this.db.selectFrom('journal').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  }

  /** The batches (of any stage and object of the pipeline) whose keys include one of these, oldest first: a record's writes. */
  async journalForKeys(pipeline: string, keys: string[]) {
    if (keys.length === 0) return [];
    return this.db.selectFrom('journal').selectAll().where('pipeline', '=', pipeline)
      .where((eb) => eb.or(keys.map((k) => eb(sql`keys`, '@>', sql`${JSON.stringify([k])}::jsonb`))))
      .orderBy('id').execute();
  }

  /**
   * Writes to these keys of `object` journaled after `afterId` by other runs and not rolled back:
   * records a later run changed, which a rollback would overwrite.
   */
  async laterWrites(pipeline: string, object: string, keys: string[], afterId: string, runId: string): Promise<{ runId: string; key: string }[]> {
    if (keys.length === 0) return [];
    const { rows } = await sql<{ run_id: string; key: string }>`
      select distinct j.run_id, k.key from journal j
      cross join lateral jsonb_array_elements_text(j.keys) as k(key)
      where j.pipeline = ${pipeline} and j.object = ${object} and j.id > ${afterId} and j.run_id <> ${runId}
        and j.status in ('applied', 'interrupted') and j.rollback is null
        and k.key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
      order by j.run_id, k.key`.execute(this.db);
    return rows.map((r) => ({ runId: r.run_id, key: r.key }));
  }

  /**
   * Records a batch's rollback, and reverts the ledger in the same transaction: a deleted record
   * leaves it, a restored one is marked so the next run writes it again instead of skipping it as unchanged.
   */
  async markRolledBack(entry: { id: string; pipeline: string; object: string }, outcome: { restored: string[]; deleted: string[]; notUndone: { key: string; why: string }[]; by: string }): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      if (outcome.deleted.length > 0) {
        await tx.deleteFrom('ledger').where('pipeline', '=', entry.pipeline).where('object', '=', entry.object).where('key', 'in', outcome.deleted).execute();
      }
      if (outcome.restored.length > 0) {
        await tx.updateTable('ledger').set({ hash: `rolled-back:${outcome.by}`, updated_at: new Date() })
          .where('pipeline', '=', entry.pipeline).where('object', '=', entry.object).where('key', 'in', outcome.restored).execute();
      }
      await tx.updateTable('journal').set({ rollback: JSON.stringify({ ...outcome, at: new Date().toISOString() }) }).where('id', '=', entry.id).execute();
    });
  }

  /** Puts a run's stages' cursors back where they were when it started. */
  async restoreCursors(pipeline: string, runId: string): Promise<number> {
    const cursors = await this.runCursors(runId);
    await this.db.transaction().execute(async (tx) => {
      for (const c of cursors) {
        const where = tx.deleteFrom('stream_state').where('pipeline', '=', pipeline).where('stage', '=', c.stage).where('stream', '=', c.stream).where('partition', '=', '');
        if (c.state === null) await where.execute();
        else {
          await tx.insertInto('stream_state').values({ pipeline, stage: c.stage, stream: c.stream, partition: '', state: JSON.stringify(c.state), run_id: runId })
            .onConflict((oc) => oc.columns(['pipeline', 'stage', 'stream', 'partition']).doUpdateSet({ state: JSON.stringify(c.state), run_id: runId, updated_at: new Date() }))
            .execute();
        }
      }
    });
    return cursors.length;
  }

  // ---- reviews -------------------------------------------------------------------------------

  async reviews(pipeline: string, filter: { status?: string; stage?: string; rule?: string; ids?: string[]; key?: string; limit?: number } = {}) {
    let q = this.db.selectFrom('reviews').selectAll().where('pipeline', '=', pipeline);
    if (filter.status && filter.status !== 'all') q = q.where('status', '=', filter.status);
    if (filter.stage) q = q.where('stage', '=', filter.stage);
    if (filter.rule) q = q.where('rule', '=', filter.rule);
    if (filter.key) q = q.where('record_key', '=', filter.key);
    if (filter.ids) q = q.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['-1']);
    return q.orderBy('id').limit(filter.limit ?? 1000).execute();
  }

  /** Approves or rejects pending reviews, recording who, when and why; returns the ids decided. */
  async decideReviews(pipeline: string, ids: string[], decision: 'approved' | 'rejected', actor: string, reason?: string): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.db.transaction().execute(async (tx) => {
      const rows = await tx.updateTable('reviews')
        .set({ status: decision, decided_by: actor, decided_at: new Date(), decision_reason: reason ?? null })
        .where('pipeline', '=', pipeline).where('id', 'in', ids).where('status', '=', 'pending')
        .returning(['id', 'stage', 'record_key']).execute();
      if (rows.length > 0) {
        await tx.insertInto('events').values({
          pipeline, run_id: null, kind: decision === 'approved' ? 'operator.review.approve' : 'operator.review.reject', actor,
          detail: JSON.stringify({ reviews: rows.map((r) => ({ id: r.id, stage: r.stage, key: r.record_key })), ...(reason ? { reason } : {}) }),
        }).execute();
      }
      return rows.map((r) => String(r.id));
    });
  }

  /**
   * The hash of the version last rejected, for these keys of a stage: a rejected record read again
   * unchanged is neither written nor held again; only a new version comes back to the queue.
   */
  async rejectedHashes(pipeline: string, stage: string, keys: string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const { rows } = await sql<{ key: string; hash: string }>`
      select distinct on (r.record_key) r.record_key as key, r.hash from reviews r
      join jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) as k(key) on r.record_key = k.key
      where r.pipeline = ${pipeline} and r.stage = ${stage} and r.status = 'rejected'
      order by r.record_key, r.decided_at desc nulls last, r.id desc`.execute(this.db);
    return new Map(rows.map((r) => [r.key, r.hash]));
  }

  /** Approved reviews of a stage not yet written, oldest first. */
  async approvedReviews(pipeline: string, stage: string, limit = 10_000) {
    return this.db.selectFrom('reviews').selectAll().where('pipeline', '=', pipeline).where('stage', '=', stage)
      .where('status', '=', 'approved').orderBy('id').limit(limit).execute();
  }

  // ---- reconciliation ------------------------------------------------------------------------

  async saveReconciliation(r: {
    pipeline: string; stage: string; since?: Date; until?: Date; sourceCount: number; sinkCount?: number;
    missing: number; extra?: number; mismatched: number; report: Record<string, unknown>; actor: string;
  }): Promise<string> {
    const row = await this.db.insertInto('reconciliations').values({
      pipeline: r.pipeline, stage: r.stage, since: r.since ?? null, until: r.until ?? null, source_count: r.sourceCount,
      sink_count: r.sinkCount ?? null, missing: r.missing, extra: r.extra ?? null, mismatched: r.mismatched,
      report: JSON.stringify(r.report), actor: r.actor,
    }).returning('id').executeTakeFirstOrThrow();
    return String(row.id);
  }

  async setReconciliationRepaired(ids: string[], runId: string): Promise<void> {
    if (ids.length > 0) await this.db.updateTable('reconciliations').set({ repaired_run: runId }).where('id', 'in', ids).execute();
  }

  /** The latest reconciliation of each stage. */
  async latestReconciliations(pipeline: string) {
    const { rows } = await sql<{ id: string; stage: string; at: Date; source_count: number; sink_count: number | null; missing: number; extra: number | null; mismatched: number; repaired_run: string | null }>`
      select distinct on (stage) id, stage, at, source_count::int, sink_count::int, missing::int, extra::int, mismatched::int, repaired_run
      from reconciliations where pipeline = ${pipeline} order by stage, at desc, id desc`.execute(this.db);
    return rows;
  }

  // ---- dead letters and events ------------------------------------------------------------

  async deadLetters(pipeline: string, filter: { status?: string; stage?: string; code?: string; ids?: string[]; key?: string; limit?: number } = {}) {
    let q = this.db.selectFrom('dead_letters').selectAll().where('pipeline', '=', pipeline);
    if (filter.status && filter.status !== 'all') q = q.where('status', '=', filter.status);
    if (filter.stage) q = q.where('stage', '=', filter.stage);
    if (filter.code) q = q.where('code', '=', filter.code);
    if (filter.key) q = q.where('record_key', '=', filter.key);
    if (filter.ids) q = q.where('id', 'in', filter.ids.length > 0 ? filter.ids : ['-1']);
    return q.orderBy('id').limit(filter.limit ?? 100).execute();
  }

  /** Open dead letters by stage and code, with one reason as an example. */
  async deadLetterCounts(pipeline: string) {
    const { rows } = await sql<{ stage: string; code: string; count: number; example: string }>`
      select stage, code, count(*)::int as count, min(reason) as example
      from dead_letters where pipeline = ${pipeline} and status = 'open'
      group by stage, code order by stage, count desc`.execute(this.db);
    return rows;
  }

  /** Discards open dead letters for good, recording who and why; returns how many. */
  async discardDeadLetters(pipeline: string, ids: string[], actor: string, reason?: string): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.transaction().execute(async (tx) => {
      const rows = await tx.updateTable('dead_letters').set({ status: 'discarded', updated_at: new Date() })
        .where('pipeline', '=', pipeline).where('id', 'in', ids).where('status', '=', 'open').returning(['id', 'stage', 'record_key', 'code']).execute();
      if (rows.length > 0) {
        await tx.insertInto('events').values({
          pipeline, run_id: null, kind: 'operator.dead_letters.discard', actor,
          detail: JSON.stringify({ deadLetters: rows.map((r) => ({ id: r.id, stage: r.stage, key: r.record_key, code: r.code })), ...(reason ? { reason } : {}) }),
        }).execute();
      }
      return rows.length;
    });
  }

  /** The audit trail, newest first. */
  async events(pipeline: string, filter: { kindPrefix?: string; runId?: string; limit?: number } = {}) {
    let q = this.db.selectFrom('events').selectAll().where('pipeline', '=', pipeline);
    if (filter.kindPrefix) q = q.where('kind', 'like', `${filter.kindPrefix}%`);
    if (filter.runId) q = q.where('run_id', '=', filter.runId);
    return q.orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
  }

  async addEvent(e: { pipeline: string; runId?: string; kind: string; actor?: string; detail?: Record<string, unknown> }): Promise<void> {
    await this.db
      .insertInto('events')
      .values({ pipeline: e.pipeline, run_id: e.runId ?? null, kind: e.kind, actor: e.actor ?? 'datong', detail: JSON.stringify(e.detail ?? {}) })
      .execute();
  }
}

async function insertHeld(tx: Kysely<StoreTables>, c: BatchCommit, held: HeldRecord[]): Promise<void> {
  const rows = JSON.stringify(held.map((h) => ({ stream: h.stream, key: h.key, rule: h.rule, reason: h.reason ?? null, record: h.record, hash: h.hash, before: h.before ?? null })));
  // A newer version of a record already waiting replaces it (the old one is superseded, not lost).
  await sql`
    update reviews r set status = 'superseded'
    from jsonb_to_recordset(${rows}::jsonb) as h(key text)
    where r.pipeline = ${c.pipeline} and r.stage = ${c.stage} and r.record_key = h.key and r.status in ('pending', 'approved')`.execute(tx);
  await sql`
    insert into reviews (pipeline, run_id, stage, stream, record_key, rule, reason, record, hash, before)
    select ${c.pipeline}, ${c.runId}, ${c.stage}, h.stream, h.key, h.rule, h.reason, h.record, h.hash, h.before
    from jsonb_to_recordset(${rows}::jsonb) as h(stream text, key text, rule text, reason text, record jsonb, hash text, before jsonb)`.execute(tx);
}

async function insertDeadLetters(tx: Kysely<StoreTables>, c: BatchCommit): Promise<void> {
  const byFingerprint = new Map<string, Record<string, unknown>>();
  for (const d of c.deadLetters) {
    const row = {
      stream: d.stream, key: d.key ?? null, at: d.at ?? null, code: d.code, reason: d.reason,
      payload: d.payload ?? null, raw: d.raw ?? null,
      // The same record failing for the same reason again is one dead letter with more attempts.
      fingerprint: createHash('sha1').update(`${c.stage}\0${d.stream}\0${d.key ?? d.at ?? d.raw ?? ''}\0${d.code}\0${d.reason}`).digest('hex'),
    };
    // One statement cannot upsert the same row twice: a batch's repeats collapse into one.
    byFingerprint.set(row.fingerprint, row);
  }
  const rows = [...byFingerprint.values()];
  await sql`
    insert into dead_letters (pipeline, run_id, stage, stream, record_key, at, code, reason, payload, raw, fingerprint)
    select ${c.pipeline}, ${c.runId}, ${c.stage}, r.stream, r.key, r.at, r.code, r.reason, r.payload, r.raw, r.fingerprint
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(stream text, key text, at text, code text, reason text, payload jsonb, raw text, fingerprint text)
    on conflict (pipeline, fingerprint) where status = 'open'
    do update set attempts = dead_letters.attempts + 1, run_id = excluded.run_id, updated_at = now()`.execute(tx);
}

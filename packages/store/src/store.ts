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
  deadLetters: DeadLetterInput[];
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

  async createRun(run: { id: string; pipeline: string; options: Record<string, unknown> }): Promise<void> {
    await this.db
      .insertInto('runs')
      .values({ ...run, options: JSON.stringify(run.options), status: 'running', pid: process.pid, host: hostname() })
      .execute();
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
      if (c.written.length > 0 && c.resolveDeadLetters !== false) {
        // A record that now went through settles the dead letters it had left before.
        await sql`
          update dead_letters d set status = 'resolved', updated_at = now()
          from jsonb_array_elements_text(${JSON.stringify(c.written.map((w) => w.key))}::jsonb) as k(key)
          where d.pipeline = ${c.pipeline} and d.stage = ${c.stage} and d.status = 'open' and d.record_key = k.key`.execute(tx);
      }
      if (c.deadLetters.length > 0) await insertDeadLetters(tx, c);
      await tx
        .insertInto('stream_state')
        .values({ pipeline: c.pipeline, stage: c.stage, stream: c.stream, partition: '', state: JSON.stringify(c.state ?? null), run_id: c.runId })
        .onConflict((oc) => oc.columns(['pipeline', 'stage', 'stream', 'partition']).doUpdateSet({
          state: (eb) => eb.ref('excluded.state'), run_id: (eb) => eb.ref('excluded.run_id'), updated_at: new Date(),
        }))
        .execute();
      if (c.intentId !== undefined) {
        await tx.updateTable('journal').set({ status: 'applied', settled_at: new Date() }).where('id', '=', c.intentId).execute();
      }
      await tx
        .updateTable('run_stages')
        .set((eb) => ({
          records_read: eb('records_read', '+', c.counts.read),
          written: eb('written', '+', c.counts.written),
          created: eb('created', '+', c.counts.created ?? 0),
          unchanged: eb('unchanged', '+', c.counts.unchanged),
          dead_lettered: eb('dead_lettered', '+', c.counts.deadLettered),
        }))
        .where('run_id', '=', c.runId)
        .where('stage', '=', c.stage)
        .execute();
    });
  }

  // ---- dead letters and events ------------------------------------------------------------

  async deadLetters(pipeline: string, filter: { status?: string; stage?: string; code?: string; limit?: number } = {}) {
    let q = this.db.selectFrom('dead_letters').selectAll().where('pipeline', '=', pipeline);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.stage) q = q.where('stage', '=', filter.stage);
    if (filter.code) q = q.where('code', '=', filter.code);
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

  async addEvent(e: { pipeline: string; runId?: string; kind: string; actor?: string; detail?: Record<string, unknown> }): Promise<void> {
    await this.db
      .insertInto('events')
      .values({ pipeline: e.pipeline, run_id: e.runId ?? null, kind: e.kind, actor: e.actor ?? 'datong', detail: JSON.stringify(e.detail ?? {}) })
      .execute();
  }
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

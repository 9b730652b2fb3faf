import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The store's migrations, oldest first. Never edit one that has shipped: add the next.
 * Every table lives in the `datong` schema so a warehouse in the same database never collides.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-25-001-foundation': {
    async up(db: Kysely<any>) {
      await db.schema.createTable('runs').ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('finished_at', 'timestamptz')
        .addColumn('pid', 'integer', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('runs_pipeline_started').on('runs').columns(['pipeline', 'started_at']).execute();

      await db.schema.createTable('run_stages')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('records_read', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('written', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('unchanged', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('dead_lettered', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('finished_at', 'timestamptz')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('run_stages_pk', ['run_id', 'stage'])
        .execute();

      await db.schema.createTable('stream_state')
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('partition', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('state', 'jsonb', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('stream_state_pk', ['pipeline', 'stage', 'stream', 'partition'])
        .execute();

      await db.schema.createTable('ledger')
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('object', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('sink_id', 'text')
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('ledger_pk', ['pipeline', 'object', 'key'])
        .execute();

      await db.schema.createTable('journal')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('object', 'text', (c) => c.notNull())
        .addColumn('batch', 'integer', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('keys', 'jsonb', (c) => c.notNull())
        .addColumn('before', 'jsonb', (c) => c.notNull())
        .addColumn('before_source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('settled_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('journal_run').on('journal').columns(['run_id', 'batch']).execute();
      await db.schema.createIndex('journal_open').on('journal').columns(['pipeline', 'status']).execute();

      await db.schema.createTable('dead_letters')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text')
        .addColumn('at', 'text')
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb')
        .addColumn('raw', 'text')
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // One open dead letter per record and reason: a rerun that meets it again counts an attempt.
      await sql`create unique index dead_letters_open on dead_letters (pipeline, fingerprint) where status = 'open'`.execute(db);
      await db.schema.createIndex('dead_letters_key').on('dead_letters').columns(['pipeline', 'stage', 'record_key']).execute();

      await db.schema.createTable('events')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
      await db.schema.createIndex('events_pipeline_at').on('events').columns(['pipeline', 'at']).execute();
    },
  },
  '2026-11-26-002-plugin-state': {
    async up(db: Kysely<any>) {
      // A plugin's own small state (a discovered field map, a rotated refresh token), per pipeline
      // and per source or sink. A secret is kept only in `secret`, sealed by the SecretBox.
      await db.schema.createTable('plugin_state')
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'jsonb')
        .addColumn('secret', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('plugin_state_pk', ['pipeline', 'scope', 'key'])
        .execute();
    },
  },
  '2026-11-26-003-created-count': {
    async up(db: Kysely<any>) {
      // Of the records written, how many the sink did not hold before (the rest were updates).
      await db.schema.alterTable('run_stages').addColumn('created', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '2026-12-03-004-operations': {
    async up(db: Kysely<any>) {
      // Pause: a paused pipeline refuses new runs, and a running one stops at its next batch boundary.
      await db.schema.createTable('pipeline_controls')
        .addColumn('pipeline', 'text', (c) => c.primaryKey())
        .addColumn('paused', 'boolean', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();

      // The cursor each stage's streams had when a run started: rollback puts it back.
      await db.schema.createTable('run_cursors')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('state', 'jsonb')
        .addPrimaryKeyConstraint('run_cursors_pk', ['run_id', 'stage', 'stream'])
        .execute();

      // What each batch wrote (the after-images: each record's lineage), and its rollback. `json`,
      // not `jsonb`: written on every batch and read only by `datong explain`, it is kept as text.
      // The journal's keys are not indexed: an index over every key of every batch costs each
      // write more than the rare operator command (explain, rollback's check) gains from it.
      await db.schema.alterTable('journal').addColumn('after', 'json').execute();
      await db.schema.alterTable('journal').addColumn('rollback', 'jsonb').execute();

      await db.schema.alterTable('runs').addColumn('kind', 'text', (c) => c.notNull().defaultTo('sync')).execute();
      await db.schema.alterTable('runs').addColumn('actor', 'text').execute();
      await db.schema.alterTable('run_stages').addColumn('held', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('run_stages').addColumn('drift', 'jsonb').execute();
      await db.schema.alterTable('run_stages').addColumn('mapping', 'text').execute();

      // Records a review rule held, and what a person decided.
      await db.schema.createTable('reviews')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('record_key', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('record', 'jsonb', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('before', 'jsonb')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'timestamptz')
        .addColumn('decision_reason', 'text')
        .addColumn('applied_run', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // One open review per record: a newer version held again replaces the one waiting.
      await sql`create unique index reviews_open on reviews (pipeline, stage, record_key) where status in ('pending', 'approved')`.execute(db);

      // What reconciliation found, per stage and window.
      await db.schema.createTable('reconciliations')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('pipeline', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('since', 'timestamptz')
        .addColumn('until', 'timestamptz')
        .addColumn('source_count', 'bigint', (c) => c.notNull())
        .addColumn('sink_count', 'bigint')
        .addColumn('missing', 'bigint', (c) => c.notNull())
        .addColumn('extra', 'bigint')
        .addColumn('mismatched', 'bigint', (c) => c.notNull())
        .addColumn('report', 'jsonb', (c) => c.notNull())
        .addColumn('repaired_run', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('reconciliations_pipeline_at').on('reconciliations').columns(['pipeline', 'at']).execute();
    },
  },
};

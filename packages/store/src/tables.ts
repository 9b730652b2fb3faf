import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Count = ColumnType<number, number | undefined, number>;

/** One run of a pipeline: what was asked and how it ended. */
export interface RunsTable {
  id: string;
  pipeline: string;
  status: string;
  options: JSONColumnType<Record<string, unknown>>;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  pid: number;
  host: string;
  error: string | null;
  /** sync, replay, repair, apply (approved reviews written at once), rollback. */
  kind: ColumnType<string, string | undefined, string>;
  /** Who started it, for operator-started runs. */
  actor: string | null;
}

/** One stage of one run, with its counts. */
export interface RunStagesTable {
  run_id: string;
  stage: string;
  status: string;
  records_read: Count;
  written: Count;
  /** Of `written`, the records new to the sink. */
  created: Count;
  unchanged: Count;
  dead_lettered: Count;
  /** Records a review rule held. */
  held: Count;
  /** Contract drift the stage's sources showed (a DriftReport), if any. */
  drift: ColumnType<unknown, string | null | undefined, string | null>;
  /** The mapping the stage applied: its file (or "inline") and a digest of its content. */
  mapping: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  error: string | null;
}

/** The cursor of each pipeline, stage and stream: whatever the source last returned for a settled batch. */
export interface StreamStateTable {
  pipeline: string;
  stage: string;
  stream: string;
  partition: string;
  state: ColumnType<unknown, string, string>;
  run_id: string;
  updated_at: Timestamp;
}

/** Per sink object and key: the sink's id and the hash of what was last written. */
export interface LedgerTable {
  pipeline: string;
  object: string;
  key: string;
  sink_id: string | null;
  hash: string;
  run_id: string;
  updated_at: Timestamp;
}

/** Each batch a run wrote or meant to write, with the before-images a rollback restores. */
export interface JournalTable {
  id: Generated<string>;
  run_id: string;
  pipeline: string;
  stage: string;
  object: string;
  batch: number;
  op: string;
  keys: JSONColumnType<string[]>;
  before: JSONColumnType<Record<string, unknown>>;
  before_source: string;
  /** The records written, by key (the after-images). */
  after: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** What a rollback of this batch did: restored, deleted, and what it could not undo. */
  rollback: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  status: string;
  created_at: Timestamp;
  settled_at: Timestamp | null;
}

/** Records that could not be moved, with why. */
export interface DeadLettersTable {
  id: Generated<string>;
  pipeline: string;
  run_id: string;
  stage: string;
  stream: string;
  record_key: string | null;
  at: string | null;
  code: string;
  reason: string;
  payload: ColumnType<unknown, string | null, string | null>;
  raw: string | null;
  fingerprint: string;
  attempts: Count;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The audit trail: what was done, by whom, when. */
export interface EventsTable {
  id: Generated<string>;
  pipeline: string;
  run_id: string | null;
  kind: string;
  actor: string;
  at: Timestamp;
  detail: JSONColumnType<Record<string, unknown>>;
}

/** A plugin's own state; `secret` holds only sealed (encrypted) text. */
export interface PluginStateTable {
  pipeline: string;
  scope: string;
  key: string;
  value: ColumnType<unknown, string | null, string | null>;
  secret: string | null;
  updated_at: Timestamp;
}

/** Pause state of a pipeline. */
export interface PipelineControlsTable {
  pipeline: string;
  paused: boolean;
  reason: string | null;
  actor: string;
  at: Timestamp;
}

/** The cursor of each stage's streams when a run started. */
export interface RunCursorsTable {
  run_id: string;
  stage: string;
  stream: string;
  state: ColumnType<unknown, string | null, string | null>;
}

/** Records held by a review rule, and the decision on them. */
export interface ReviewsTable {
  id: Generated<string>;
  pipeline: string;
  run_id: string;
  stage: string;
  stream: string;
  record_key: string;
  rule: string;
  reason: string | null;
  record: ColumnType<Record<string, unknown>, string, string>;
  hash: string;
  before: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** pending, approved, rejected, applied (written), superseded (a newer version replaced it). */
  status: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  applied_run: string | null;
  created_at: Timestamp;
}

/** One reconciliation of one stage. */
export interface ReconciliationsTable {
  id: Generated<string>;
  pipeline: string;
  stage: string;
  since: Timestamp | null;
  until: Timestamp | null;
  source_count: Count;
  sink_count: number | null;
  missing: Count;
  extra: number | null;
  mismatched: Count;
  report: ColumnType<Record<string, unknown>, string, string>;
  repaired_run: string | null;
  actor: string;
  at: Timestamp;
}

export interface StoreTables {
  pipeline_controls: PipelineControlsTable;
  run_cursors: RunCursorsTable;
  reviews: ReviewsTable;
  reconciliations: ReconciliationsTable;
  runs: RunsTable;
  run_stages: RunStagesTable;
  stream_state: StreamStateTable;
  ledger: LedgerTable;
  journal: JournalTable;
  dead_letters: DeadLettersTable;
  events: EventsTable;
  plugin_state: PluginStateTable;
}

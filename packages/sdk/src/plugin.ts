import type { HttpClient, HttpClientOptions } from './http/http-client.js';
import type { TokenBucket, TokenBucketOptions } from './http/token-bucket.js';
import type { Logger } from './logger.js';
import type { PluginState } from './plugin-state.js';
import type { SqlClient } from './sql-client.js';

/** A JSON Schema (draft 2020-12) as a plain object. */
export type JsonSchema = Record<string, unknown>;
/** One record as it crosses a plugin boundary. */
export type DataRecord = Record<string, unknown>;

/** What the engine hands every plugin call. */
export interface PluginContext {
  logger: Logger;
  /** The pipeline file's folder: relative paths in a plugin's config resolve against it. */
  baseDir: string;
  signal: AbortSignal;
  /**
   * The state store's own embedded Postgres (PGlite), when the store is embedded: a sink given no
   * connection string may write into it. Undefined when the store is a Postgres server.
   */
  embeddedSql?: SqlClient;
  /** The crash-test hook (see `fault`): plugins call it at the points the engine cannot see. */
  fault: (point: string) => void;
  /**
   * The plugin's own state in the store, kept per pipeline and per source or sink: a rotated
   * refresh token (encrypted, with `setSecret`), a discovered field map, a sync token.
   */
  state: PluginState;
  /** Tells the engine of a secret learnt at run time (a new access token): it is redacted everywhere. */
  secret(value: string): void;
  /**
   * The token bucket for one credential, shared by every request of this process that names the
   * same `id` (e.g. `hubspot:<portal>`): created with `options` on first use.
   */
  rateLimiter(id: string, options: TokenBucketOptions): TokenBucket;
  /** An HTTP client that logs through this context, stops with its signal and redacts its secrets. */
  http(options: HttpClientOptions): HttpClient;
}

/** A stream a source offers: its record contract, its primary key and, if incremental, its cursor. */
export interface StreamSpec {
  name: string;
  schema: JsonSchema;
  key: string[];
  cursorField?: string;
  /** Values arrive as text (CSV, spreadsheets): validation may coerce "12.5" to 12.5. */
  coerceTypes?: boolean;
}

/** One item a source yields: a record, or a row it could not even parse (sent to the dead letters). */
export type SourceItem =
  | { record: DataRecord; at?: string }
  | { invalid: string; raw?: string; at?: string; /** The dead letter's code; default PARSE_ERROR (e.g. UNMAPPED_VALUE for a status no table lists). */ code?: string };

/**
 * A batch from a source, with the state to persist once every item in it is settled. The engine
 * hands that state back to `read` on the next run (or after a crash) and never interprets it.
 */
export interface SourceBatch {
  items: SourceItem[];
  state: unknown;
  /** How far the stream has got, for progress bars: `done` of `total` in `unit`. */
  progress?: { done: number; total?: number; unit: 'records' | 'bytes' };
}

export interface ReadOptions {
  /** What the last settled batch returned as `state`; undefined on a first or full-refresh run. */
  state: unknown;
  /** The most items a batch may hold. */
  batchSize: number;
  fullRefresh: boolean;
}

export interface SourceStream {
  spec: StreamSpec;
  read(options: ReadOptions, ctx: PluginContext): AsyncIterable<SourceBatch>;
}

export interface SourceConnection {
  streams(): Promise<SourceStream[]>;
  /** Proves the config works (credentials, paths) without reading records. */
  check?(): Promise<void>;
  close?(): Promise<void>;
}

export interface SourceDefinition<Config = DataRecord> {
  open(config: Config, ctx: PluginContext): Promise<SourceConnection>;
  /** The platform's pushes (webhooks) this source can verify, for `datong listen`. */
  webhook?: WebhookDefinition<Config>;
}

/** A push as `datong listen` received it: the raw body, byte for byte, for the signature check. */
export interface WebhookRequest {
  method: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  query: Record<string, string>;
  rawBody: Buffer;
}

/**
 * What a source makes of a push. Accepted: the streams it touches (an incremental run of them
 * follows; the push itself is never the record), the platform's delivery id (redeliveries of one
 * id trigger nothing more) and what to answer. Rejected: why (unsigned, wrongly signed, stale),
 * answered 401 unless `status` says otherwise.
 */
export type WebhookVerdict =
  | { accepted: true; streams: string[]; topic?: string; deliveryId?: string; response?: { status?: number; json?: unknown; /** A plain-text answer instead (WeChat expects `success`). */ text?: string } }
  | { accepted: false; reason: string; status?: number };

/**
 * How a source checks its platform's pushes: the signature verified timing-safe over the raw
 * body with the secret from the (resolved) config. A source whose config has no webhook secret
 * must reject every push.
 */
export interface WebhookDefinition<Config = DataRecord> {
  verify(request: WebhookRequest, config: Config): WebhookVerdict;
}

/** A sink object (a table, a CRM object): the schema of what will be written to it and its key. */
export interface SinkObjectSpec {
  name: string;
  schema: JsonSchema;
  key: string[];
  /**
   * Opened only to read (a dry run, a reconciliation): set nothing up in the platform — no property,
   * table or file is created or altered — and never write. What is not set up yet simply holds no
   * records: `readBack` and `scan` find nothing.
   */
  readOnly?: boolean;
}

/** One upsert: `key` is datong's stable external id for the record (the key fields, joined). */
export interface SinkWrite {
  key: string;
  record: DataRecord;
}

/**
 * The outcome of one write, when a sink reports per record: an `error` sends it to the dead
 * letters; `deferred` says it cannot be written yet (the contact an order belongs to has not
 * reached the CRM): it waits, and the engine tries it again at the start of the stage's next run.
 */
export interface SinkWriteResult {
  key: string;
  sinkId?: string;
  error?: string;
  deferred?: string;
}

export interface SinkObject {
  spec: SinkObjectSpec;
  /** Upserts the batch by key. Idempotent: writing the same batch twice leaves one copy of each. */
  write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[] | void>;
  /** The records the sink holds now under these keys: the before-images a rollback restores. */
  readBack?(keys: string[]): Promise<Map<string, DataRecord>>;
  /**
   * Removes records by key (rollback of a creation); a sink that cannot delete may archive (say so
   * in its README). Keys it does not hold are skipped.
   */
  delete?(keys: string[]): Promise<void>;
  /**
   * Every record the sink holds under a datong key, page by page, in `readBack`'s shape: what
   * `datong reconcile` compares with the sources to find records missing, extra or changed by hand.
   */
  scan?(): AsyncIterable<{ key: string; record: DataRecord }[]>;
  /**
   * Two records turned out to be one person (an identity merge): afterwards the sink holds one
   * record, under `survivorKey`, with both histories (for a CRM: activities and associations).
   * When only the absorbed record exists it takes the survivor's key; when it does not exist
   * nothing happens. Idempotent: a merge redone after a crash finds nothing left to do.
   */
  merge?(survivorKey: string, absorbedKey: string): Promise<SinkMergeOutcome>;
}

/** What `SinkObject.merge` did: `merged` two records, `rekeyed` the only one, or found the absorbed one `absent`. */
export type SinkMergeOutcome = 'merged' | 'rekeyed' | 'absent';

export interface SinkConnection {
  object(spec: SinkObjectSpec): Promise<SinkObject>;
  check?(): Promise<void>;
  close?(): Promise<void>;
}

export interface SinkDefinition<Config = DataRecord> {
  open(config: Config, ctx: PluginContext): Promise<SinkConnection>;
}

/** A per-record transform: return the new record, or throw a `RecordError` to dead-letter it. */
export interface TransformDefinition<Options = DataRecord> {
  create(options: Options, ctx: PluginContext): (record: DataRecord) => DataRecord;
}

/** What a plugin package exports as its default: the parts its `plugin.json` declares. */
export interface Plugin {
  source?: SourceDefinition<any>;
  sink?: SinkDefinition<any>;
  transforms?: Record<string, TransformDefinition<any>>;
}

/** Declares a plugin package's parts. Its manifest (`plugin.json`) describes them to the engine. */
export function definePlugin(plugin: Plugin): Plugin {
  return plugin;
}

/** Declares a source. A typed identity: the engine opens it with the validated config. */
export function defineSource<Config>(source: SourceDefinition<Config>): SourceDefinition<Config> {
  return source;
}

/** Declares a sink. A typed identity: the engine opens it with the validated config. */
export function defineSink<Config>(sink: SinkDefinition<Config>): SinkDefinition<Config> {
  return sink;
}

/** Declares a transform. A typed identity. */
export function defineTransform<Options>(transform: TransformDefinition<Options>): TransformDefinition<Options> {
  return transform;
}

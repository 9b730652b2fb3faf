import { hash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import {
  ContractViolation, RecordError, fault, recordKey, withRetry,
  type DataRecord, type PluginContext, type Redactor, type SinkObject, type SourceBatch, type SourceStream,
} from '@datong/sdk';
import { identityIdFor, type IdentityResolver } from '@datong/identity';
import { syncTags, type Condition } from '@datong/mapping';
import type { DeadLetterInput, HeldRecord, Store } from '@datong/store';
import { compileSchema, createAjv, describeAjvErrors } from './ajv.js';
import { createDriftDetector, type DriftDetector } from './contract-drift.js';
import { DriftTally, describeDrift, type DriftReport } from './drift-tally.js';
import type { PreparedStage } from './prepare-pipeline.js';
import { fieldDiff } from './record-diff.js';

/** Counts of a stage so far, and where its source says it is. */
export interface StageProgress {
  stage: string;
  stream: string;
  read: number;
  written: number;
  /** Of `written`, records new to the sink (the rest were updates). */
  created: number;
  unchanged: number;
  deadLettered: number;
  /** Records a review rule held. */
  held: number;
  /** Records the stage's `where:` or a sample filter (`--where`) left out. */
  skipped: number;
  source?: SourceBatch['progress'];
}

/** Where a stage spent its time, in milliseconds (phases overlap, so they add up to more than the wall time). */
export interface StageTimings {
  readMs: number;
  processMs: number;
  stateMs: number;
  sinkMs: number;
}

export interface StageRunInput {
  pipeline: string;
  runId: string;
  stage: PreparedStage;
  /** The stage's streams in `from:` order, each with its id (`source.stream`) and its source's context. */
  streams: { stream: SourceStream; id: string; ctx: PluginContext }[];
  sink: SinkObject;
  /** What a mapped record must satisfy: the stage's model, else the sink object's declared schema. */
  contract?: { name: string; schema: Record<string, unknown> };
  store: Store;
  ctx: PluginContext;
  redactor: Redactor;
  fullRefresh: boolean;
  /** The pipeline's identity resolver, for a stage with `identity:`. */
  identity?: IdentityResolver;
  /** A dry run: nothing is written (sink, cursor, ledger, dead letters); the plan is returned, with diffs for `sample` records. */
  dryRun?: { sample: number };
  /** A sampled run: at most this many records of the stage, and only those `where` holds for; cursors stay where they are. */
  limit?: number;
  where?: Condition;
  /** Write only pending work (deferred records, approved reviews, `pending`), without reading the streams. */
  pendingOnly?: boolean;
  /** Records to write before the streams are read: dead letters replayed, differences a reconciliation repairs. */
  pending?: PendingRecord[];
  /** `strict`: a record with fields or values its stream's contract does not know goes to the dead letters. */
  drift?: 'report' | 'strict';
  /**
   * Reconciliation: every batch, mapped (and resolved to persons, as a dry run would), is handed
   * here instead of being compared with the ledger and written; nothing is written anywhere.
   */
  inspect?: (streamId: string, records: Map<string, { record: DataRecord }>) => Promise<void>;
  /** Source records outside this filter are not looked at (a reconciliation's time window). */
  sourceFilter?: (record: DataRecord) => boolean;
  onProgress?: (p: StageProgress) => void;
}

/**
 * A record written apart from its stream's reading: `source` records go through validation and the
 * mapping again (a dead letter replayed after a fix); `mapped` ones are written as they are (a
 * deferred record, an approved review, a reconciliation's repair). Either way the write is forced:
 * the ledger's "unchanged" does not apply, and the cursor does not move.
 */
export interface PendingRecord {
  stream: string;
  kind: 'source' | 'mapped';
  record: DataRecord;
  /** The mapped record's key (for `mapped`). */
  key?: string;
  /** The dead letter this replays: closed as `replayed` once the record is settled again. */
  deadLetterId?: string;
  /** The approved review this writes: review rules do not hold it again. */
  reviewId?: string;
  /**
   * The record's content hash as it was mapped. A record kept as jsonb comes back with its keys
   * reordered, which would change a hash taken again and make the ledger see a change that is not one.
   */
  hash?: string;
}

/** What a dry run would do in one stage, with per-field diffs for a sample of the records it would write or hold. */
export interface StagePlan {
  samples: { key: string; op: 'create' | 'update' | 'hold'; rule?: string; diff: { field: string; before: unknown; after: unknown }[] }[];
  /** Approved reviews and deferred records that a real run would write first (not simulated). */
  pendingWork: number;
}

/** What a stage run returns. */
export interface StageResult {
  counts: Counts;
  timings: StageTimings;
  identity: IdentityCounts;
  /** Fields and values the sources sent that their contracts do not know. */
  drift?: DriftReport;
  plan?: StagePlan;
}

/** What a stage did to persons: merges found, merges left for review, merges carried out in the sink. */
export interface IdentityCounts {
  merged: number;
  review: number;
  sinkMerges: number;
}

type Counts = Omit<StageProgress, 'stage' | 'stream' | 'source'>;
type Written = { key: string; hash: string; sinkId?: string };
type Entry = { record: DataRecord; hash: string };

/** A batch validated, mapped and hashed, with what the ledger said about its keys. */
interface PreparedBatch {
  no: number;
  streamId: string;
  source: SourceBatch;
  byKey: Map<string, Entry>;
  changed: string[];
  /** Changed keys the ledger has never seen: creations in the sink. */
  fresh: Set<string>;
  superseded: number;
  deadLetters: DeadLetterInput[];
  held: HeldRecord[];
  /** Written apart from the stream (pending work): every key is written, and the cursor stays. */
  pending?: { reviews: Map<string, string>; deadLetters: string[] };
  skipped: number;
}

const plainAjv = createAjv();
const coerceAjv = createAjv({ coerce: true });

/**
 * Runs one stage with the write protocol of DESIGN.md, batch by batch: (1) validate, map and hash
 * each record, drop what the ledger says is unchanged, dead-letter what fails; (2) commit the write
 * intent with the before-images; (3) upsert into the sink by key; (4) commit ledger, dead letters,
 * cursor and counts in one transaction.
 *
 * Batches overlap without reordering: while batch N is committed, N+1 is written to the sink, N+2
 * is prepared and looked up in the ledger, and N+3 is being read. Writes happen in batch order and
 * commits in batch order, each commit after its own write, so the cursor never passes a batch that
 * is not settled. A ledger look-up that runs before an earlier commit can only see a record as
 * changed that the earlier batch is writing anyway: it is written twice under the same key, never
 * skipped. Memory stays bounded by four batches.
 */
export async function runStage(input: StageRunInput): Promise<StageResult> {
  return new StageRun(input).run();
}

class StageRun {
  private readonly counts: Counts = { read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0, held: 0, skipped: 0 };
  private readonly timings: StageTimings = { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 };
  private readonly identityCounts: IdentityCounts = { merged: 0, review: 0, sinkMerges: 0 };
  private readonly object: string;
  private readonly modelCheck: ValidateFunction | undefined;
  /** The mapping's tag field and the tags its rules own, when it has tag rules. */
  private readonly tags: { field: string; owned: string[] } | undefined;
  private batchNo = 0;
  private mayResolveDeadLetters = true;
  private readonly drift = new DriftTally();
  private readonly detectors = new Map<string, DriftDetector | undefined>();
  private readonly plan: StagePlan | undefined;
  /** Records left before a sampled run's `limit` is reached. */
  private remaining: number;

  constructor(private readonly input: StageRunInput) {
    this.object = input.stage.to.id;
    this.modelCheck = input.contract ? compileSchema(plainAjv, input.contract.schema) : undefined;
    this.tags = input.stage.mapping?.tags();
    this.plan = input.dryRun ? { samples: [], pendingWork: 0 } : undefined;
    this.remaining = input.limit ?? Infinity;
  }

  /** A run that must not move cursors: a dry run, or a sampled one. */
  private get holdsCursor(): boolean {
    return this.input.dryRun !== undefined || this.input.limit !== undefined || this.input.where !== undefined;
  }

  async run(): Promise<StageResult> {
    const { input } = this;
    if (input.stage.identity && !input.identity) throw new Error(`stage ${input.stage.spec.name} uses identity but the run has no identity resolver`);
    this.mayResolveDeadLetters = await input.store.hasOpenDeadLetters(input.pipeline, input.stage.spec.name);
    if (!input.streams.some((s) => s.ctx.signal.aborted)) await this.runPending();
    if (!input.pendingOnly) {
      if (!this.holdsCursor) {
        const cursors = await Promise.all(input.streams.map(async (s) => ({ stream: s.id, state: await input.store.streamState(input.pipeline, input.stage.spec.name, s.id) })));
        await input.store.saveRunCursors(input.runId, input.stage.spec.name, cursors);
      }
      for (const s of input.streams) {
        if (this.remaining <= 0) break;
        await this.runStream(s.stream, s.id, s.ctx);
      }
    }
    const drift = this.drift.total > 0 ? this.drift.toJSON() : undefined;
    if (drift) input.ctx.logger.warn(`contract drift in stage ${input.stage.spec.name}: ${describeDrift(drift)}`);
    return { counts: this.counts, timings: this.timings, identity: this.identityCounts, ...(drift ? { drift } : {}), ...(this.plan ? { plan: this.plan } : {}) };
  }

  /**
   * Pending work goes first, through the same protocol, with the cursor left where it is: records
   * the sink deferred on an earlier run (their parent had not reached it yet; linked again, as the
   * person may exist now), approved reviews, and what the caller hands in (replays, repairs). What
   * is written resolves its dead letter or review; what is deferred again waits for the next run.
   */
  private async runPending(): Promise<void> {
    const { input } = this;
    const stage = input.stage.spec.name;
    const work: PendingRecord[] = [...(input.pending ?? [])];
    if (this.mayResolveDeadLetters) {
      for (const d of await input.store.deferredRecords(input.pipeline, stage)) work.push({ stream: d.stream, kind: 'mapped', key: d.key, record: d.record });
    }
    for (const r of await input.store.approvedReviews(input.pipeline, stage)) {
      work.push({ stream: r.stream, kind: 'mapped', key: r.record_key, record: r.record, reviewId: String(r.id), hash: r.hash });
    }
    if (this.plan) {
      this.plan.pendingWork = work.length;
      return;
    }
    const byStream = new Map<string, PendingRecord[]>();
    for (const w of work) byStream.set(w.stream, [...(byStream.get(w.stream) ?? []), w]);
    for (const [streamId, rows] of byStream) {
      for (let i = 0; i < rows.length; i += input.stage.batchSize) {
        const slice = rows.slice(i, i + input.stage.batchSize);
        const batch = await this.preparePending(streamId, slice);
        await this.commit(batch, await this.write(batch));
      }
    }
  }

  private async preparePending(streamId: string, rows: PendingRecord[]): Promise<PreparedBatch> {
    const { input } = this;
    const sources = rows.filter((r) => r.kind === 'source');
    const stream = input.streams.find((s) => s.id === streamId)?.stream;
    let batch: PreparedBatch;
    if (sources.length > 0 && stream) {
      // Replayed source records go through validation and the (current) mapping again.
      const sourceCheck = compileSchema(stream.spec.coerceTypes ? coerceAjv : plainAjv, stream.spec.schema);
      batch = await this.prepare({ items: sources.map((r) => ({ record: r.record })), state: undefined }, streamId, sourceCheck, input.stage.key ?? stream.spec.key);
    } else {
      batch = { no: ++this.batchNo, streamId, source: { items: [], state: undefined }, byKey: new Map(), changed: [], fresh: new Set(), superseded: 0, deadLetters: [], held: [], skipped: 0 };
      for (const r of sources) {
        batch.deadLetters.push({ stream: streamId, code: 'STREAM_GONE', reason: `stream ${streamId} is no longer read by stage ${input.stage.spec.name}: the record cannot be mapped again`, payload: r.record });
      }
    }
    const mapped = new Map<string, Entry>();
    for (const r of rows) if (r.kind === 'mapped' && r.key !== undefined) mapped.set(r.key, { record: r.record, hash: r.hash ?? contentHash(r.record) });
    if (input.stage.identity?.mode === 'link') await this.linkPersons(mapped, streamId, batch.deadLetters);
    for (const [k, e] of mapped) batch.byKey.set(k, e);
    const keys = [...batch.byKey.keys()];
    const known = await input.store.ledgerHashes(input.pipeline, this.object, keys);
    batch.changed = keys;
    batch.fresh = new Set(keys.filter((k) => !known.has(k)));
    batch.pending = {
      reviews: new Map(rows.filter((r) => r.reviewId !== undefined && r.key !== undefined).map((r) => [r.key!, r.reviewId!])),
      deadLetters: rows.map((r) => r.deadLetterId).filter((id): id is string => id !== undefined),
    };
    return batch;
  }

  private async runStream(stream: SourceStream, streamId: string, ctx: PluginContext): Promise<void> {
    const { input } = this;
    const { stage, store } = input;
    const sourceCheck = compileSchema(stream.spec.coerceTypes ? coerceAjv : plainAjv, stream.spec.schema);
    const keyFields = stage.key ?? stream.spec.key;
    const state = input.fullRefresh ? undefined : await store.streamState(input.pipeline, stage.spec.name, streamId);
    const iterator = stream.read({ state, batchSize: stage.batchSize, fullRefresh: input.fullRefresh }, ctx)[Symbol.asyncIterator]();
    let next = iterator.next();
    // Two steps in flight at most, each in batch order: the sink write of batch N+1 runs while
    // the state commit of batch N does, on their two connections.
    let writing: Promise<unknown> | undefined;
    let committing: Promise<void> | undefined;
    let commitFailure: unknown;
    // The keys of the batch being written.
    let inFlight = new Set<string>();
    try {
      for (;;) {
        if (commitFailure !== undefined) throw commitFailure;
        const t = performance.now();
        const result = await next;
        this.timings.readMs += performance.now() - t;
        if (result.done || ctx.signal.aborted) break;
        if (result.value.items.length > this.remaining) result.value.items = result.value.items.slice(0, this.remaining);
        this.remaining -= result.value.items.length;
        // Read ahead one batch while this one is prepared and the previous ones written and committed.
        next = iterator.next();
        next.catch(() => undefined);
        if (input.sourceFilter) result.value.items = result.value.items.filter((item) => !('record' in item) || input.sourceFilter!(item.record));
        const prepared = await this.prepare(result.value, streamId, sourceCheck, keyFields);
        if (input.inspect) {
          await input.inspect(streamId, prepared.byKey);
          this.counts.read += prepared.source.items.length;
          this.counts.deadLettered += prepared.deadLetters.length;
          continue;
        }
        // The before-images of this batch are read while the previous batch is written, unless
        // the two share a key (then its image must show the previous write) or merges run first.
        const images = this.prefetchImages(prepared, inFlight);
        await writing;
        if (ctx.signal.aborted) break;
        inFlight = new Set(prepared.changed);
        const written = this.write(prepared, images);
        const previous = committing;
        writing = written;
        committing = written.then(async (w) => {
          await previous;
          await this.commit(prepared, w);
        });
        writing.catch(() => undefined);
        // A failed commit stops the stream at once rather than writing more batches it cannot settle.
        committing.catch((error: unknown) => (commitFailure ??= error));
        if (this.remaining <= 0) break;
      }
      await writing;
      await committing;
    } catch (error) {
      // Never leave a batch half-settled behind a failure: let the ones in flight finish first.
      await writing?.catch(() => undefined);
      await committing?.catch(() => undefined);
      throw error;
    } finally {
      await iterator.return?.(undefined).catch(() => undefined);
    }
  }

  /** Step 1: validate, map, hash, and ask the ledger which keys changed. */
  private async prepare(batch: SourceBatch, streamId: string, sourceCheck: ValidateFunction, keyFields: string[]): Promise<PreparedBatch> {
    const { stage, redactor, where } = this.input;
    let t = performance.now();
    const deadLetters: DeadLetterInput[] = [];
    let byKey = new Map<string, Entry>();
    let superseded = 0;
    let skipped = 0;
    const detector = this.detector(streamId, sourceCheck);
    for (const item of batch.items) {
      if ('invalid' in item) {
        if (item.code === 'UNMAPPED_VALUE') this.drift.add(streamId, [{ kind: 'value', path: '(status table)', value: item.invalid.slice(0, 120) }]);
        deadLetters.push({ stream: streamId, at: item.at, code: item.code ?? 'PARSE_ERROR', reason: item.invalid, raw: item.raw });
        continue;
      }
      let key: string | undefined;
      try {
        const drifted = detector?.check(item.record);
        if (drifted) {
          this.drift.add(streamId, drifted, safeKey(item.record, keyFields));
          if (this.input.drift === 'strict') {
            const what = drifted.map((f) => (f.kind === 'field' ? `unknown field ${f.path}` : `unknown value ${f.path}=${JSON.stringify(f.value)}`));
            throw new RecordError(`the record has what its contract does not know (drift: strict): ${what.join(', ')}`, { code: 'CONTRACT_DRIFT' });
          }
        }
        if (!sourceCheck(item.record)) throw new ContractViolation(`source record breaks its contract: ${describeAjvErrors(sourceCheck.errors)}`, sourceCheck.errors ?? []);
        // Most mappings have no JSONata and map without a promise: the per-record path stays synchronous.
        const mapped = !stage.mapping ? item.record : stage.mapping.mapSync ? stage.mapping.mapSync(item.record) : await stage.mapping.map(item.record);
        // The stage's own filter first: a record it leaves out need not fit the sink object.
        if (stage.where && !(await stage.where(mapped))) { skipped++; continue; }
        if (this.modelCheck && !this.modelCheck(mapped)) {
          throw new ContractViolation(`mapped record breaks the ${this.input.contract!.name} contract: ${describeAjvErrors(this.modelCheck.errors)}`, this.modelCheck.errors ?? []);
        }
        if (where && !(await where(mapped))) { skipped++; continue; }
        key = recordKey(mapped, keyFields);
        // A later copy of the same key in one batch wins: a sink cannot upsert one row twice at once.
        if (byKey.has(key)) superseded++;
        byKey.set(key, { record: mapped, hash: contentHash(mapped) });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        deadLetters.push({
          // Before mapping there is no mapped key: the source's own key names the record.
          stream: streamId, key: key ?? safeKey(item.record, keyFields) ?? safeKey(item.record, this.sourceKey(streamId)), at: item.at,
          code: error.code, reason: redactor.text(error.message), payload: redactor.value(item.record),
        });
      }
    }
    this.timings.processMs += performance.now() - t;

    t = performance.now();
    if (stage.identity?.mode === 'resolve') {
      const persons = await this.resolvePersons(byKey, streamId);
      superseded += byKey.size - persons.size;
      byKey = persons;
    } else if (stage.identity?.mode === 'link') {
      await this.linkPersons(byKey, streamId, deadLetters);
    }
    const keys = [...byKey.keys()];
    const known = this.input.inspect ? new Map<string, string>() : await this.input.store.ledgerHashes(this.input.pipeline, this.object, keys);
    let changed = keys.filter((k) => known.get(k) !== byKey.get(k)!.hash);
    if (stage.reviewRules.length > 0 && changed.length > 0 && !this.input.inspect) {
      // A version a reviewer rejected stays rejected: read again unchanged, it is left alone.
      const rejected = await this.input.store.rejectedHashes(this.input.pipeline, stage.spec.name, changed);
      if (rejected.size > 0) changed = changed.filter((k) => rejected.get(k) !== byKey.get(k)!.hash);
    }
    const fresh = new Set(changed.filter((k) => !known.has(k)));
    this.timings.stateMs += performance.now() - t;
    return { no: ++this.batchNo, streamId, source: batch, byKey, changed, fresh, superseded, deadLetters, held: [], skipped };
  }

  /** The key fields of a stream's records as the source gives them. */
  private sourceKey(streamId: string): string[] {
    return this.input.streams.find((s) => s.id === streamId)?.stream.spec.key ?? [];
  }

  /** The drift detector of a stream's contract (the schema its records are validated against). */
  private detector(streamId: string, sourceCheck: ValidateFunction): DriftDetector | undefined {
    if (!this.detectors.has(streamId)) {
      const schema = this.input.streams.find((s) => s.id === streamId)?.stream.spec.schema ?? (sourceCheck.schema as Record<string, unknown> | undefined);
      this.detectors.set(streamId, schema ? createDriftDetector(schema) : undefined);
    }
    return this.detectors.get(streamId);
  }

  /**
   * Reads a batch's before-images now, while the batch before it is still being written: a sink
   * whose reads and writes have separate rate limits (Jiandaoyun's data/list and batch_create)
   * then keeps its write quota busy instead of idle during each read-back. Not when the batches
   * share a key (the image must show the earlier write), when identity merges run before the
   * write (they change what the sink holds), or in a dry run.
   */
  private prefetchImages(b: PreparedBatch, inFlight: Set<string>): Promise<{ images: Map<string, DataRecord>; ms: number }> | undefined {
    const { sink, stage } = this.input;
    if (!sink.readBack || this.plan || b.changed.length === 0 || stage.identity?.mode === 'resolve') return undefined;
    if (b.changed.some((k) => inFlight.has(k))) return undefined;
    const t = performance.now();
    const read = sink.readBack(b.changed).then((images) => ({ images, ms: performance.now() - t }));
    read.catch(() => undefined);
    return read;
  }

  /** Steps 2 and 3: the intent with before-images (read here, or already by `prefetchImages`), then the sink write. */
  private async write(b: PreparedBatch, prefetched?: Promise<{ images: Map<string, DataRecord>; ms: number }>): Promise<{ written: Written[]; intentId?: string }> {
    const { input } = this;
    const { store, sink, ctx, stage, redactor } = input;
    const written: Written[] = [];
    let intentId: string | undefined;
    if (stage.identity?.mode === 'resolve' && !this.plan) await this.carryOutMerges();
    if (b.changed.length > 0) {
      let t = performance.now();
      let images: Map<string, DataRecord> | undefined;
      if (prefetched) {
        const read = await prefetched;
        images = read.images;
        this.timings.sinkMs += read.ms;
      } else {
        images = sink.readBack ? await sink.readBack(b.changed) : undefined;
        this.timings.sinkMs += performance.now() - t;
      }
      if (this.tags && images) this.syncTags(b, images, this.tags);
      if (stage.reviewRules.length > 0) await this.holdForReview(b, images);
      if (this.plan) {
        this.sample(b, images);
        return { written: b.changed.map((k) => ({ key: k, hash: b.byKey.get(k)!.hash })) };
      }
      if (b.changed.length === 0) return { written };
      // Only keys the sink already holds have a before-image; the others are creations.
      const before: Record<string, unknown> = {};
      if (images) for (const k of b.changed) { const image = images.get(k); if (image !== undefined) before[k] = image; }
      t = performance.now();
      intentId = await store.openIntent({
        runId: input.runId, pipeline: input.pipeline, stage: stage.spec.name, object: this.object, batch: b.no,
        keys: b.changed, before, beforeSource: images ? 'sink' : 'none',
      });
      this.timings.stateMs += performance.now() - t;
      fault('after-intent');

      t = performance.now();
      const writes = b.changed.map((k) => ({ key: k, record: b.byKey.get(k)!.record }));
      // No abort signal here: a write under way finishes and is committed, so a SIGINT stops
      // the run at a batch boundary instead of failing it.
      const results = await withRetry(() => sink.write(writes, ctx), {
        retries: stage.retries,
        onRetry: (error, attempt) => ctx.logger.warn(`sink write failed, retrying (attempt ${attempt})`, { error: redactor.text(String(error)) }),
      });
      this.timings.sinkMs += performance.now() - t;
      fault('after-sink-write');

      const rejected = new Map((results ?? []).filter((r) => r.error).map((r) => [r.key, r.error!]));
      const deferred = new Map((results ?? []).filter((r) => r.deferred && !r.error).map((r) => [r.key, r.deferred!]));
      const ids = new Map((results ?? []).filter((r) => r.sinkId).map((r) => [r.key, r.sinkId!]));
      for (const k of b.changed) {
        const reason = rejected.get(k);
        const later = deferred.get(k);
        if (later !== undefined) b.deadLetters.push({ stream: b.streamId, key: k, code: 'DEFERRED', reason: redactor.text(later), payload: redactor.value(b.byKey.get(k)!.record) });
        else if (reason === undefined) written.push({ key: k, hash: b.byKey.get(k)!.hash, sinkId: ids.get(k) });
        else b.deadLetters.push({ stream: b.streamId, key: k, code: 'SINK_REJECTED', reason: redactor.text(reason), payload: redactor.value(b.byKey.get(k)!.record) });
      }
      // A person with a record in the sink: a later merge of two such persons is one the sink must carry out (or review).
      // (No dry run gets here: it returns before the intent.)
      if (stage.identity?.mode === 'resolve') await input.identity!.setSinkIds(this.object, written.map((w) => ({ identityId: w.key, sinkId: w.sinkId ?? w.key })));
    }

    return { written, intentId };
  }

  /** Step 4: ledger, dead letters, held records, cursor, counts and the intent, in one transaction. */
  private async commit(b: PreparedBatch, { written, intentId }: { written: Written[]; intentId?: string }): Promise<void> {
    const { input } = this;
    const { store, stage } = input;
    const delta: Counts = {
      read: b.pending ? 0 : b.source.items.length,
      written: written.length,
      created: written.filter((w) => b.fresh.has(w.key)).length,
      unchanged: b.byKey.size - b.changed.length - b.held.length + b.superseded,
      deadLettered: b.deadLetters.length,
      held: b.held.length,
      skipped: b.skipped,
    };
    const t = performance.now();
    if (!this.plan) {
      const appliedReviews = b.pending ? written.map((w) => b.pending!.reviews.get(w.key)).filter((id): id is string => id !== undefined) : [];
      const after: Record<string, unknown> = {};
      for (const w of written) after[w.key] = b.byKey.get(w.key)!.record;
      await store.commitBatch({
        pipeline: input.pipeline, runId: input.runId, stage: stage.spec.name, object: this.object, stream: b.streamId,
        state: b.source.state, intentId, written, after, deadLetters: b.deadLetters, counts: delta,
        resolveDeadLetters: this.mayResolveDeadLetters,
        held: b.held, reviewsApplied: appliedReviews, settleReviews: stage.reviewRules.length > 0 || appliedReviews.length > 0,
        replayedDeadLetters: b.pending?.deadLetters ?? [],
        moveCursor: b.pending === undefined && !this.holdsCursor,
      });
      if (b.deadLetters.length > 0) this.mayResolveDeadLetters = true;
      this.timings.stateMs += performance.now() - t;
      fault('after-commit');
    }

    this.counts.read += delta.read;
    this.counts.written += delta.written;
    this.counts.created += delta.created;
    this.counts.unchanged += delta.unchanged;
    this.counts.deadLettered += delta.deadLettered;
    this.counts.held += delta.held;
    this.counts.skipped += delta.skipped;
    input.onProgress?.({ stage: stage.spec.name, stream: b.streamId, ...this.counts, source: b.source.progress });
  }

  /**
   * Review rules see each changed record and what the sink holds under its key (`$before`): a
   * record a rule catches leaves the write and waits in the review queue (committed with the
   * batch, so the cursor moves past it). Approved reviews are not held again.
   */
  private async holdForReview(b: PreparedBatch, images: Map<string, DataRecord> | undefined): Promise<void> {
    const { stage, redactor } = this.input;
    const keep: string[] = [];
    for (const k of b.changed) {
      const entry = b.byKey.get(k)!;
      if (b.pending?.reviews.has(k)) { keep.push(k); continue; }
      const before = images?.get(k);
      let caught: (typeof stage.reviewRules)[number] | undefined;
      try {
        for (const rule of stage.reviewRules) {
          if (await rule.test(entry.record, { before })) { caught = rule; break; }
        }
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        b.deadLetters.push({ stream: b.streamId, key: k, code: error.code, reason: redactor.text(error.message), payload: redactor.value(entry.record) });
        b.byKey.delete(k);
        continue;
      }
      if (caught) {
        b.held.push({ stream: b.streamId, key: k, rule: caught.name, ...(caught.reason ? { reason: caught.reason } : {}), record: entry.record, hash: entry.hash, ...(before ? { before } : {}) });
      } else keep.push(k);
    }
    b.changed = keep;
  }

  /** A dry run's sample: what the first records written or held would change, field by field. */
  private sample(b: PreparedBatch, images: Map<string, DataRecord> | undefined): void {
    const plan = this.plan!;
    const room = () => plan.samples.length < this.input.dryRun!.sample;
    for (const h of b.held) {
      if (!room()) return;
      plan.samples.push({ key: h.key, op: 'hold', rule: h.rule, diff: fieldDiff(h.record as DataRecord, images?.get(h.key)) });
    }
    for (const k of b.changed) {
      if (!room()) return;
      const held = images?.get(k);
      plan.samples.push({ key: k, op: held ? 'update' : 'create', diff: fieldDiff(b.byKey.get(k)!.record, held) });
    }
  }

  /**
   * Ties the batch's records to persons and gives one record per person: the golden record
   * (survivorship over every channel's record of that person) under the identity id.
   */
  private async resolvePersons(byKey: Map<string, Entry>, streamId: string): Promise<Map<string, Entry>> {
    const resolver = this.input.identity!;
    const keyField = this.input.stage.key![0]!;
    const channel = sourceOf(streamId);
    const entries = [...byKey];
    const inputs = entries.map(([key, { record }]) => ({
      channel, sourceKey: key, record, ...(typeof record.updated_at === 'string' ? { at: record.updated_at } : {}),
    }));
    // A dry run resolves in a transaction it rolls back: the plan shows the persons a run would write.
    const simulated = this.plan ? await resolver.simulateBatch(inputs) : undefined;
    const result = simulated ?? await resolver.resolveBatch(inputs);
    this.identityCounts.merged += result.merges.length;
    this.identityCounts.review += result.deferred.length;
    const goldens = simulated?.goldens ?? await resolver.goldens([...new Set(result.identityIds)]);
    const persons = new Map<string, Entry>();
    for (const [id, golden] of goldens) {
      // The golden record's own key field (a channel's key, when survivorship keeps it) gives way to the person's id.
      const record: DataRecord = { ...golden, [keyField]: id };
      persons.set(id, { record, hash: contentHash(record) });
    }
    return persons;
  }

  /**
   * Replaces the customer key in the link field by that customer's person (identity id). A record
   * whose customer has no person yet waits in the dead letters as DEFERRED, for the next run.
   */
  private async linkPersons(byKey: Map<string, Entry>, streamId: string, deadLetters: DeadLetterInput[]): Promise<void> {
    const link = this.input.stage.identity as { mode: 'link'; field: string; channel?: string };
    const channel = link.channel ?? sourceOf(streamId);
    const customer = (record: DataRecord) => {
      const value = record[link.field];
      return value === undefined || value === null || value === '' ? undefined : String(value);
    };
    const customers = [...byKey.values()].map((e) => customer(e.record)).filter((v) => v !== undefined);
    const persons = customers.length > 0 ? await this.input.identity!.personsOf([...new Set(customers)], channel) : new Map<string, string>();
    for (const [key, entry] of byKey) {
      const value = customer(entry.record);
      if (value === undefined) continue;
      // A dry run has not written the customers stage: a customer it would create gets the person its record would create.
      const person = persons.get(value) ?? (this.plan ? identityIdFor(this.input.pipeline, `${channel}:${value}`) : undefined);
      if (person === undefined) {
        byKey.delete(key);
        deadLetters.push({
          stream: streamId, key, code: 'DEFERRED',
          reason: `${link.field} ${JSON.stringify(value)}: no ${channel} customer with that key has been resolved to a person yet; the record waits and is retried on the next run`,
          payload: this.input.redactor.value(entry.record),
        });
        continue;
      }
      if (person === value) continue;
      entry.record = { ...entry.record, [link.field]: person };
      entry.hash = contentHash(entry.record);
    }
  }

  /**
   * Carries out in the sink every merge of persons it has not yet: afterwards the sink holds one
   * record per person. Durable: a merge is marked done only after the sink did it, and doing it
   * again finds nothing left to do, so a crash in between loses nothing.
   */
  private async carryOutMerges(): Promise<void> {
    const { input } = this;
    const resolver = input.identity!;
    for (const m of await resolver.pendingSinkMerges(this.object)) {
      let outcome: string;
      if (input.sink.merge) {
        const merge = input.sink.merge.bind(input.sink);
        outcome = await withRetry(() => merge(m.survivor, m.absorbed), { retries: input.stage.retries });
      } else {
        outcome = 'unsupported';
        input.ctx.logger.warn(`${this.object} cannot merge records: ${m.absorbed} and ${m.survivor} are one person but stay two records in the sink`);
      }
      await resolver.sinkMergeApplied(this.object, m.survivor, m.absorbed, outcome);
      await input.store.addEvent({ pipeline: input.pipeline, runId: input.runId, kind: 'identity.sink_merge', detail: { object: this.object, survivor: m.survivor, absorbed: m.absorbed, outcome } });
      if (outcome === 'merged' || outcome === 'rekeyed') this.identityCounts.sinkMerges++;
    }
  }

  /** Tags the mapping owns follow the rules; tags someone else set on the sink's record stay (see `syncTags`). */
  private syncTags(b: PreparedBatch, images: Map<string, DataRecord>, tags: { field: string; owned: string[] }): void {
    for (const k of b.changed) {
      const entry = b.byKey.get(k)!;
      const desired = entry.record[tags.field];
      const current = images.get(k)?.[tags.field];
      if (!Array.isArray(desired) || !Array.isArray(current)) continue;
      entry.record = { ...entry.record, [tags.field]: syncTags(current.map(String), desired.map(String), tags.owned).result };
    }
  }
}

/** The source a stream id (`shop.customers`) belongs to: the channel of its records. */
function sourceOf(streamId: string): string {
  return streamId.split('.')[0]!;
}

/** The content hash the ledger keeps: over the mapped record as serialized in its mapping order. */
export function contentHash(record: DataRecord): string {
  return hash('sha1', JSON.stringify(record), 'base64url');
}

function safeKey(record: DataRecord, fields: readonly string[]): string | undefined {
  if (fields.length === 0) return undefined;
  try {
    return recordKey(record, fields);
  } catch {
    return undefined;
  }
}

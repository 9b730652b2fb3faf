import { hash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import {
  ContractViolation, RecordError, fault, recordKey, withRetry,
  type DataRecord, type PluginContext, type Redactor, type SinkObject, type SourceBatch, type SourceStream,
} from '@datong/sdk';
import type { IdentityResolver } from '@datong/identity';
import { syncTags } from '@datong/mapping';
import type { DeadLetterInput, Store } from '@datong/store';
import { compileSchema, createAjv, describeAjvErrors } from './ajv.js';
import type { PreparedStage } from './prepare-pipeline.js';

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
  onProgress?: (p: StageProgress) => void;
}

/** What a stage did to persons: merges found, merges left for review, merges carried out in the sink. */
export interface IdentityCounts {
  merged: number;
  review: number;
  sinkMerges: number;
}

type Counts = Omit<StageProgress, 'stage' | 'stream' | 'source'>;
type Written = { key: string; hash: string; sinkId?: string };

/** A batch validated, mapped and hashed, with what the ledger said about its keys. */
interface PreparedBatch {
  no: number;
  streamId: string;
  source: SourceBatch;
  byKey: Map<string, { record: DataRecord; hash: string }>;
  changed: string[];
  /** Changed keys the ledger has never seen: creations in the sink. */
  fresh: Set<string>;
  superseded: number;
  deadLetters: DeadLetterInput[];
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
export async function runStage(input: StageRunInput): Promise<{ counts: Counts; timings: StageTimings; identity: IdentityCounts }> {
  return new StageRun(input).run();
}

class StageRun {
  private readonly counts: Counts = { read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0 };
  private readonly timings: StageTimings = { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 };
  private readonly identityCounts: IdentityCounts = { merged: 0, review: 0, sinkMerges: 0 };
  private readonly object: string;
  private readonly modelCheck: ValidateFunction | undefined;
  /** The mapping's tag field and the tags its rules own, when it has tag rules. */
  private readonly tags: { field: string; owned: string[] } | undefined;
  private batchNo = 0;
  private mayResolveDeadLetters = true;

  constructor(private readonly input: StageRunInput) {
    this.object = input.stage.to.id;
    this.modelCheck = input.contract ? compileSchema(plainAjv, input.contract.schema) : undefined;
    this.tags = input.stage.mapping?.tags();
  }

  async run(): Promise<{ counts: Counts; timings: StageTimings; identity: IdentityCounts }> {
    const { input } = this;
    if (input.stage.identity && !input.identity) throw new Error(`stage ${input.stage.spec.name} uses identity but the run has no identity resolver`);
    this.mayResolveDeadLetters = await input.store.hasOpenDeadLetters(input.pipeline, input.stage.spec.name);
    if (this.mayResolveDeadLetters && !input.streams.some((s) => s.ctx.signal.aborted)) await this.retryDeferred();
    for (const s of input.streams) await this.runStream(s.stream, s.id, s.ctx);
    return { counts: this.counts, timings: this.timings, identity: this.identityCounts };
  }

  /**
   * Records the sink deferred on an earlier run (their parent had not reached it yet) go first,
   * through the same protocol, as they were mapped then; the cursor stays where it is. What is
   * written resolves its dead letter; what is deferred again waits for the next run.
   */
  private async retryDeferred(): Promise<void> {
    const { input } = this;
    const deferred = await input.store.deferredRecords(input.pipeline, input.stage.spec.name);
    const byStream = new Map<string, typeof deferred>();
    for (const d of deferred) byStream.set(d.stream, [...(byStream.get(d.stream) ?? []), d]);
    for (const [streamId, rows] of byStream) {
      const state = await input.store.streamState(input.pipeline, input.stage.spec.name, streamId);
      for (let i = 0; i < rows.length; i += input.stage.batchSize) {
        const byKey = new Map(rows.slice(i, i + input.stage.batchSize).map((r) => [r.key, { record: r.record, hash: contentHash(r.record) }]));
        const deadLetters: DeadLetterInput[] = [];
        // A record that waited for its customer's person is linked again: the person may exist now.
        if (input.stage.identity?.mode === 'link') await this.linkPersons(byKey, streamId, deadLetters);
        const keys = [...byKey.keys()];
        const known = await input.store.ledgerHashes(input.pipeline, this.object, keys);
        const batch: PreparedBatch = {
          no: ++this.batchNo, streamId, source: { items: [], state }, byKey, changed: keys,
          fresh: new Set(keys.filter((k) => !known.has(k))), superseded: 0, deadLetters,
        };
        await this.commit(batch, await this.write(batch));
      }
    }
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
    try {
      for (;;) {
        if (commitFailure !== undefined) throw commitFailure;
        const t = performance.now();
        const result = await next;
        this.timings.readMs += performance.now() - t;
        if (result.done || ctx.signal.aborted) break;
        // Read ahead one batch while this one is prepared and the previous ones written and committed.
        next = iterator.next();
        next.catch(() => undefined);
        const prepared = await this.prepare(result.value, streamId, sourceCheck, keyFields);
        await writing;
        if (ctx.signal.aborted) break;
        const written = this.write(prepared);
        const previous = committing;
        writing = written;
        committing = written.then(async (w) => {
          await previous;
          await this.commit(prepared, w);
        });
        writing.catch(() => undefined);
        // A failed commit stops the stream at once rather than writing more batches it cannot settle.
        committing.catch((error: unknown) => (commitFailure ??= error));
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
    const { stage, redactor } = this.input;
    let t = performance.now();
    const deadLetters: DeadLetterInput[] = [];
    let byKey = new Map<string, { record: DataRecord; hash: string }>();
    let superseded = 0;
    for (const item of batch.items) {
      if ('invalid' in item) {
        deadLetters.push({ stream: streamId, at: item.at, code: item.code ?? 'PARSE_ERROR', reason: item.invalid, raw: item.raw });
        continue;
      }
      let key: string | undefined;
      try {
        if (!sourceCheck(item.record)) throw new ContractViolation(`source record breaks its contract: ${describeAjvErrors(sourceCheck.errors)}`, sourceCheck.errors ?? []);
        // Most mappings have no JSONata and map without a promise: the per-record path stays synchronous.
        const mapped = !stage.mapping ? item.record : stage.mapping.mapSync ? stage.mapping.mapSync(item.record) : await stage.mapping.map(item.record);
        if (this.modelCheck && !this.modelCheck(mapped)) {
          throw new ContractViolation(`mapped record breaks the ${this.input.contract!.name} contract: ${describeAjvErrors(this.modelCheck.errors)}`, this.modelCheck.errors ?? []);
        }
        key = recordKey(mapped, keyFields);
        // A later copy of the same key in one batch wins: a sink cannot upsert one row twice at once.
        if (byKey.has(key)) superseded++;
        byKey.set(key, { record: mapped, hash: contentHash(mapped) });
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        deadLetters.push({
          stream: streamId, key: key ?? safeKey(item.record, keyFields), at: item.at,
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
    const known = await this.input.store.ledgerHashes(this.input.pipeline, this.object, keys);
    const changed = keys.filter((k) => known.get(k) !== byKey.get(k)!.hash);
    const fresh = new Set(changed.filter((k) => !known.has(k)));
    this.timings.stateMs += performance.now() - t;
    return { no: ++this.batchNo, streamId, source: batch, byKey, changed, fresh, superseded, deadLetters };
  }

  /** Steps 2 and 3: the intent with before-images, then the sink write. */
  private async write(b: PreparedBatch): Promise<{ written: Written[]; intentId?: string }> {
    const { input } = this;
    const { store, sink, ctx, stage, redactor } = input;
    const written: Written[] = [];
    let intentId: string | undefined;
    if (stage.identity?.mode === 'resolve') await this.carryOutMerges();
    if (b.changed.length > 0) {
      let t = performance.now();
      const images = sink.readBack ? await sink.readBack(b.changed) : undefined;
      // Only keys the sink already holds have a before-image; the others are creations.
      const before: Record<string, unknown> = {};
      if (images) for (const [k, image] of images) before[k] = image;
      this.timings.sinkMs += performance.now() - t;
      if (this.tags && images) this.syncTags(b, images, this.tags);

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
      if (stage.identity?.mode === 'resolve') await input.identity!.setSinkIds(this.object, written.map((w) => ({ identityId: w.key, sinkId: w.sinkId ?? w.key })));
    }

    return { written, intentId };
  }

  /** Step 4: ledger, dead letters, cursor, counts and the intent, in one transaction. */
  private async commit(b: PreparedBatch, { written, intentId }: { written: Written[]; intentId?: string }): Promise<void> {
    const { input } = this;
    const { store, stage } = input;
    const delta: Counts = {
      read: b.source.items.length,
      written: written.length,
      created: written.filter((w) => b.fresh.has(w.key)).length,
      unchanged: b.byKey.size - b.changed.length + b.superseded,
      deadLettered: b.deadLetters.length,
    };
    const t = performance.now();
    await store.commitBatch({
      pipeline: input.pipeline, runId: input.runId, stage: stage.spec.name, object: this.object, stream: b.streamId,
      state: b.source.state, intentId, written, deadLetters: b.deadLetters, counts: delta,
      resolveDeadLetters: this.mayResolveDeadLetters,
    });
    if (b.deadLetters.length > 0) this.mayResolveDeadLetters = true;
    this.timings.stateMs += performance.now() - t;
    fault('after-commit');

    this.counts.read += delta.read;
    this.counts.written += delta.written;
    this.counts.created += delta.created;
    this.counts.unchanged += delta.unchanged;
    this.counts.deadLettered += delta.deadLettered;
    input.onProgress?.({ stage: stage.spec.name, stream: b.streamId, ...this.counts, source: b.source.progress });
  }

  /**
   * Ties the batch's records to persons and gives one record per person: the golden record
   * (survivorship over every channel's record of that person) under the identity id.
   */
  private async resolvePersons(byKey: Map<string, { record: DataRecord; hash: string }>, streamId: string): Promise<Map<string, { record: DataRecord; hash: string }>> {
    const resolver = this.input.identity!;
    const keyField = this.input.stage.key![0]!;
    const channel = sourceOf(streamId);
    const entries = [...byKey];
    const result = await resolver.resolveBatch(entries.map(([key, { record }]) => ({
      channel, sourceKey: key, record, ...(typeof record.updated_at === 'string' ? { at: record.updated_at } : {}),
    })));
    this.identityCounts.merged += result.merges.length;
    this.identityCounts.review += result.deferred.length;
    const goldens = await resolver.goldens([...new Set(result.identityIds)]);
    const persons = new Map<string, { record: DataRecord; hash: string }>();
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
  private async linkPersons(byKey: Map<string, { record: DataRecord; hash: string }>, streamId: string, deadLetters: DeadLetterInput[]): Promise<void> {
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
      const person = persons.get(value);
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
  try {
    return recordKey(record, fields);
  } catch {
    return undefined;
  }
}

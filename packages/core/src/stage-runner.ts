import { createHash } from 'node:crypto';
import type { ValidateFunction } from 'ajv';
import {
  ContractViolation, RecordError, fault, recordKey, withRetry,
  type DataRecord, type PluginContext, type SinkObject, type SourceBatch, type SourceStream,
} from '@datong/sdk';
import type { DeadLetterInput, Store } from '@datong/store';
import { compileSchema, createAjv, describeAjvErrors } from './ajv.js';
import type { PreparedStage } from './prepare-pipeline.js';
import type { Redactor } from '@datong/sdk';

/** Counts of a stage so far, and where its source says it is. */
export interface StageProgress {
  stage: string;
  stream: string;
  read: number;
  written: number;
  unchanged: number;
  deadLettered: number;
  source?: SourceBatch['progress'];
}

/** Where a stage spent its time, in milliseconds. */
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
  streams: SourceStream[];
  sink: SinkObject;
  store: Store;
  ctx: PluginContext;
  redactor: Redactor;
  fullRefresh: boolean;
  onProgress?: (p: StageProgress) => void;
}

const plainAjv = createAjv();
const coerceAjv = createAjv({ coerce: true });

function validator(schema: Record<string, unknown>, coerce: boolean): ValidateFunction {
  return compileSchema(coerce ? coerceAjv : plainAjv, schema);
}

/**
 * Runs one stage with the write protocol of DESIGN.md, batch by batch: (1) validate, map and hash
 * each record, drop what the ledger says is unchanged, dead-letter what fails; (2) commit the write
 * intent with the before-images; (3) upsert into the sink by key; (4) commit ledger, dead letters,
 * cursor and counts in one transaction. The next batch is read while this one is written, and no
 * more than that: memory stays bounded by two batches whatever the size of the source.
 */
export async function runStage(input: StageRunInput): Promise<{ counts: Omit<StageProgress, 'stage' | 'stream' | 'source'>; timings: StageTimings }> {
  const { stage, store, sink, ctx } = input;
  const counts = { read: 0, written: 0, unchanged: 0, deadLettered: 0 };
  const timings: StageTimings = { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 };
  const object = stage.to.id;
  const modelCheck = stage.model ? validator(stage.model.schema, false) : undefined;
  let batchNo = 0;

  for (const stream of input.streams) {
    const streamId = `${stage.from.find((f) => f.stream === stream.spec.name)?.source}.${stream.spec.name}`;
    const sourceCheck = validator(stream.spec.schema, stream.spec.coerceTypes === true);
    const keyFields = stage.key ?? stream.spec.key;
    const state = input.fullRefresh ? undefined : await store.streamState(input.pipeline, stage.spec.name, streamId);
    const iterator = stream.read({ state, batchSize: stage.batchSize, fullRefresh: input.fullRefresh }, ctx)[Symbol.asyncIterator]();
    let next = iterator.next();
    try {
      for (;;) {
        let t = performance.now();
        const result = await next;
        timings.readMs += performance.now() - t;
        if (result.done) break;
        // Read ahead one batch while this one is written: I/O overlaps, memory stays at two batches.
        next = iterator.next();
        next.catch(() => undefined);
        if (ctx.signal.aborted) break;
        const batch = result.value;
        batchNo++;

        t = performance.now();
        const deadLetters: DeadLetterInput[] = [];
        const byKey = new Map<string, { record: DataRecord; hash: string }>();
        let superseded = 0;
        for (const item of batch.items) {
          if ('invalid' in item) {
            deadLetters.push({ stream: streamId, at: item.at, code: 'PARSE_ERROR', reason: item.invalid, raw: item.raw });
            continue;
          }
          let key: string | undefined;
          try {
            if (!sourceCheck(item.record)) throw new ContractViolation(`source record breaks its contract: ${describeAjvErrors(sourceCheck.errors)}`, sourceCheck.errors ?? []);
            const mapped = stage.mapper ? stage.mapper(item.record) : item.record;
            if (modelCheck && !modelCheck(mapped)) throw new ContractViolation(`mapped record breaks the ${stage.model!.name} model: ${describeAjvErrors(modelCheck.errors)}`, modelCheck.errors ?? []);
            key = recordKey(mapped, keyFields);
            if (byKey.has(key)) superseded++;
            byKey.set(key, { record: mapped, hash: contentHash(mapped) });
          } catch (error) {
            if (!(error instanceof RecordError)) throw error;
            deadLetters.push({
              stream: streamId, key: key ?? safeKey(item.record, stream.spec.key), at: item.at,
              code: error.code, reason: input.redactor.text(error.message), payload: input.redactor.value(item.record),
            });
          }
        }
        timings.processMs += performance.now() - t;

        t = performance.now();
        const keys = [...byKey.keys()];
        const known = await store.ledgerHashes(input.pipeline, object, keys);
        const changed = keys.filter((k) => known.get(k) !== byKey.get(k)!.hash);
        timings.stateMs += performance.now() - t;

        let intentId: string | undefined;
        const written: { key: string; hash: string; sinkId?: string }[] = [];
        if (changed.length > 0) {
          t = performance.now();
          const before: Record<string, unknown> = {};
          const images = sink.readBack ? await sink.readBack(changed) : undefined;
          for (const k of changed) before[k] = images?.get(k) ?? null;
          timings.sinkMs += performance.now() - t;

          t = performance.now();
          intentId = await store.openIntent({
            runId: input.runId, pipeline: input.pipeline, stage: stage.spec.name, object, batch: batchNo,
            keys: changed, before: input.redactor.value(before), beforeSource: images ? 'sink' : 'none',
          });
          timings.stateMs += performance.now() - t;
          fault('after-intent');

          t = performance.now();
          const writes = changed.map((k) => ({ key: k, record: byKey.get(k)!.record }));
          const results = await withRetry(() => sink.write(writes, ctx), {
            retries: stage.retries,
            signal: ctx.signal,
            onRetry: (error, attempt) => ctx.logger.warn(`sink write failed, retrying (attempt ${attempt})`, { error: input.redactor.text(String(error)) }),
          });
          timings.sinkMs += performance.now() - t;
          fault('after-sink-write');

          const rejected = new Map((results ?? []).filter((r) => r.error).map((r) => [r.key, r.error!]));
          const ids = new Map((results ?? []).filter((r) => r.sinkId).map((r) => [r.key, r.sinkId!]));
          for (const k of changed) {
            const reason = rejected.get(k);
            if (reason !== undefined) {
              deadLetters.push({ stream: streamId, key: k, code: 'SINK_REJECTED', reason: input.redactor.text(reason), payload: input.redactor.value(byKey.get(k)!.record) });
            } else {
              written.push({ key: k, hash: byKey.get(k)!.hash, sinkId: ids.get(k) });
            }
          }
        }

        const delta = {
          read: batch.items.length,
          written: written.length,
          unchanged: keys.length - changed.length + superseded,
          deadLettered: deadLetters.length,
        };
        t = performance.now();
        await store.commitBatch({
          pipeline: input.pipeline, runId: input.runId, stage: stage.spec.name, object, stream: streamId,
          state: batch.state, intentId, written, deadLetters, counts: delta,
        });
        timings.stateMs += performance.now() - t;
        fault('after-commit');

        counts.read += delta.read;
        counts.written += delta.written;
        counts.unchanged += delta.unchanged;
        counts.deadLettered += delta.deadLettered;
        input.onProgress?.({ stage: stage.spec.name, stream: streamId, ...counts, source: batch.progress });
      }
    } finally {
      await iterator.return?.(undefined).catch(() => undefined);
    }
  }
  return { counts, timings };
}

/** The content hash the ledger keeps: over the mapped record as serialized in its mapping order. */
export function contentHash(record: DataRecord): string {
  return createHash('sha1').update(JSON.stringify(record)).digest('base64url');
}

function safeKey(record: DataRecord, fields: readonly string[]): string | undefined {
  try {
    return recordKey(record, fields);
  } catch {
    return undefined;
  }
}

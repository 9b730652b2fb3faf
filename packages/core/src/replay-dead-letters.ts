import type { Logger } from '@datong/sdk';
import type { Store } from '@datong/store';
import { runPipeline, type RunSummary } from './pipeline-runner.js';
import type { PreparedPipeline } from './prepare-pipeline.js';
import type { PendingRecord } from './stage-runner.js';

/** Codes whose payload is the record as mapped (the sink refused or deferred it); the others hold the source record. */
const MAPPED_CODES = new Set(['SINK_REJECTED', 'DEFERRED']);

export interface ReplayReport {
  /** The replay run (kind `replay`), when anything could be replayed. */
  run?: RunSummary;
  replayed: number;
  /** Dead letters with nothing to replay (a line that did not parse: only a full refresh reads it again). */
  notReplayable: { id: string; stage: string; code: string; why: string }[];
}

/**
 * Runs open dead letters again: a source record through validation and the *current* mapping (the
 * point of replaying after a fix), a record the sink refused as it was mapped. They go through the
 * write protocol like any record; a replayed dead letter is closed (`replayed`), and one that fails
 * again comes back as a new dead letter with its new reason.
 */
export async function replayDeadLetters(
  p: PreparedPipeline, store: Store,
  filter: { ids?: string[]; stage?: string; code?: string },
  options: { actor: string; logger: Logger; signal?: AbortSignal },
): Promise<ReplayReport> {
  const rows = await store.deadLetters(p.name, { status: 'open', ...filter, limit: 100_000 });
  const pending = new Map<string, PendingRecord[]>();
  const report: ReplayReport = { replayed: 0, notReplayable: [] };
  for (const d of rows) {
    if (!p.stages.some((s) => s.spec.name === d.stage)) {
      report.notReplayable.push({ id: String(d.id), stage: d.stage, code: d.code, why: 'its stage is no longer in the pipeline file' });
      continue;
    }
    if (d.payload === null || d.payload === undefined) {
      report.notReplayable.push({ id: String(d.id), stage: d.stage, code: d.code, why: 'no record was kept (the source could not parse it): `datong run --full-refresh` reads it again' });
      continue;
    }
    const mapped = MAPPED_CODES.has(d.code);
    if (mapped && d.record_key === null) {
      report.notReplayable.push({ id: String(d.id), stage: d.stage, code: d.code, why: 'no key was kept' });
      continue;
    }
    const record: PendingRecord = {
      stream: d.stream, kind: mapped ? 'mapped' : 'source', record: d.payload as Record<string, unknown>, deadLetterId: String(d.id),
      ...(mapped ? { key: d.record_key! } : {}),
    };
    pending.set(d.stage, [...(pending.get(d.stage) ?? []), record]);
    report.replayed++;
  }
  await store.addEvent({
    pipeline: p.name, kind: 'operator.dead_letters.replay', actor: options.actor,
    detail: { filter, replayed: report.replayed, notReplayable: report.notReplayable.length },
  });
  if (pending.size === 0) return report;
  report.run = await runPipeline(p, store, {
    pendingOnly: true, pending, stages: [...pending.keys()], kind: 'replay', actor: options.actor, logger: options.logger,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return report;
}

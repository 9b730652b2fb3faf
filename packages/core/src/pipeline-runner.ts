import { randomBytes } from 'node:crypto';
import { DatongError, type Logger } from '@datong/sdk';
import type { IdentityResolver } from '@datong/identity';
import { compileCondition, type Condition } from '@datong/mapping';
import type { Store } from '@datong/store';
import { describeDrift, type DriftReport } from './drift-tally.js';
import { sendAlert } from './alerts/send-alert.js';
import { PauseWatch, pausedError } from './pause-control.js';
import { inPipeline } from './in-pipeline.js';
import { StageConnections } from './stage-connections.js';
import { openIdentityResolver } from './open-identity-resolver.js';
import type { PreparedPipeline, PreparedStage } from './prepare-pipeline.js';
import { runStage, type IdentityCounts, type PendingRecord, type StagePlan, type StageProgress, type StageTimings } from './stage-runner.js';

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'interrupted' | 'paused';
export type StageStatus = RunStatus | 'skipped';

export interface StageSummary {
  name: string;
  status: StageStatus;
  read: number;
  written: number;
  /** Of `written`, records new to the sink; the rest were updated. */
  created: number;
  unchanged: number;
  deadLettered: number;
  /** Records a review rule held (they wait in the review queue). */
  held: number;
  /** Records a sample filter left out. */
  skipped: number;
  /** For a stage with `identity: resolve`: merges of persons found, left for review, and carried out in the sink. */
  identity?: IdentityCounts;
  /** Fields and values the stage's sources sent that their contracts do not know. */
  drift?: DriftReport;
  /** A dry run's sample diffs. */
  plan?: StagePlan;
  error?: string;
  timings: StageTimings;
}

/** What a run did: the `--json` output of `datong run`. */
export interface RunSummary {
  runId: string;
  pipeline: string;
  status: RunStatus;
  /** sync, replay, repair, apply; `dry-run` for a plan (nothing was written, the run id is not stored). */
  kind: string;
  fullRefresh: boolean;
  /** A sampled run (`--limit`, `--where`): records were written, cursors did not move. */
  sampled: boolean;
  counts: { read: number; written: number; created: number; unchanged: number; deadLettered: number; held: number };
  stages: StageSummary[];
  /** Persons, when the pipeline has identity rules: this run's merges, and the totals after it. */
  identity?: IdentityCounts & { persons: number; crossChannel: number; absorbed: number; pendingReviews: number };
  /** Crashed runs found and settled before this one started. */
  recovered: { runs: string[]; intents: number };
  timings: StageTimings & { totalMs: number };
}

export interface RunOptions {
  fullRefresh?: boolean;
  /** Run only these stages (and nothing they wait for). */
  stages?: string[];
  /** Plan only: read, map and compare, write nothing anywhere; diffs for this many records per stage. */
  dryRun?: { sample: number };
  /** A sampled run: at most this many records per stage... */
  limit?: number;
  /** ...and only mapped records this JSONata condition holds for. Cursors stay where they are. */
  where?: string;
  /** Write only pending work (deferred records, approved reviews, `pending`): no stream is read. */
  pendingOnly?: boolean;
  /** Records to write per stage before the streams: replayed dead letters, repairs. */
  pending?: Map<string, PendingRecord[]>;
  /** What started the run (sync, replay, repair, apply) and who, for the audit trail. */
  kind?: string;
  actor?: string;
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (p: StageProgress) => void;
  onStage?: (stage: string, phase: 'start' | 'end', summary?: StageSummary) => void;
}

/** A sortable, readable run id: `run-20261125-143000-3fa9`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * Runs a prepared pipeline against a store: settles what a crashed run left, then runs each stage
 * in order (a stage whose dependency failed is skipped), recording the run and its counts.
 */
export async function runPipeline(p: PreparedPipeline, store: Store, options: RunOptions): Promise<RunSummary> {
  const started = performance.now();
  const dry = options.dryRun !== undefined;
  const kind = dry ? 'dry-run' : options.kind ?? 'sync';
  let where;
  if (options.where !== undefined) {
    const compiled = compileCondition(options.where);
    if ('problem' in compiled) throw new DatongError(`--where: ${compiled.problem}`, { code: 'BAD_OPTION' });
    where = compiled.test;
  }
  const sampled = options.limit !== undefined || where !== undefined;
  const pause = new PauseWatch(p, store, options.logger);
  const paused = await pause.current();
  // A dry run writes nothing, so a paused pipeline may still be planned.
  if (paused && !dry) throw pausedError(p.name, paused);
  const recovered = dry ? { runs: [], intents: 0 } : await store.settleCrashed(p.name);
  if (recovered.runs.length > 0) {
    options.logger.warn(`settled ${recovered.runs.length} crashed run(s) (${recovered.runs.join(', ')}): ${recovered.intents} unapplied write intent(s) will be redone from the committed cursor`);
  }
  const runId = newRunId();
  const fullRefresh = options.fullRefresh ?? false;
  const runOptions = { fullRefresh, stages: options.stages ?? null, ...(sampled ? { limit: options.limit ?? null, where: options.where ?? null } : {}) };
  if (!dry) {
    await store.createRun({ id: runId, pipeline: p.name, options: runOptions, kind, ...(options.actor ? { actor: options.actor } : {}) });
    await store.addEvent({ pipeline: p.name, runId, kind: 'run.started', ...(options.actor ? { actor: options.actor } : {}), detail: { kind, ...runOptions } });
  }
  // A pause (from another process) stops the run at its next batch boundary, like SIGINT does.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  if (!dry) pause.watch(() => stop.abort('paused'));
  const connections = new StageConnections(p, store, options.logger, signal, dry);

  const identity = openIdentityResolver(p, store);

  const summaries: StageSummary[] = [];
  const outcome = new Map<string, StageStatus>();
  try {
    for (const stage of p.stages) {
      if (options.stages && !options.stages.includes(stage.spec.name)) continue;
      const blocked = stage.after.find((dep) => ['failed', 'skipped', 'interrupted'].includes(outcome.get(dep) ?? ''));
      if (blocked || signal.aborted) {
        const summary = emptySummary(stage.spec.name, 'skipped', signal.aborted ? 'the run was interrupted' : `stage "${blocked}" did not succeed`);
        summaries.push(summary);
        outcome.set(stage.spec.name, 'skipped');
        continue;
      }
      options.onStage?.(stage.spec.name, 'start');
      if (!dry) await store.startStage(runId, stage.spec.name);
      const summary = await runOneStage(p, store, stage, runId, fullRefresh, { ...options, where }, connections, identity);
      if (signal.aborted && summary.status !== 'failed') summary.status = stop.signal.aborted ? 'paused' : 'interrupted';
      if (!dry) {
        await store.finishStage(runId, stage.spec.name, summary.status, summary.error);
        if (summary.drift || stage.mappingLabel) await store.setStageDetails(runId, stage.spec.name, { mapping: stage.mappingLabel, drift: summary.drift });
      }
      summaries.push(summary);
      outcome.set(stage.spec.name, summary.status);
      options.onStage?.(stage.spec.name, 'end', summary);
    }
  } finally {
    pause.stop();
    await connections.close();
  }

  const counts = { read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0, held: 0 };
  const timings = { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0, totalMs: 0 };
  for (const s of summaries) {
    counts.read += s.read; counts.written += s.written; counts.created += s.created; counts.unchanged += s.unchanged; counts.deadLettered += s.deadLettered; counts.held += s.held;
    timings.readMs += s.timings.readMs; timings.processMs += s.timings.processMs; timings.stateMs += s.timings.stateMs; timings.sinkMs += s.timings.sinkMs;
  }
  timings.totalMs = performance.now() - started;
  let persons: RunSummary['identity'];
  if (identity) {
    const totals = await identity.stats();
    persons = { merged: 0, review: 0, sinkMerges: 0, persons: totals.identities, crossChannel: totals.crossChannel, absorbed: totals.merged, pendingReviews: totals.pendingReviews };
    for (const s of summaries) if (s.identity) { persons.merged += s.identity.merged; persons.review += s.identity.review; persons.sinkMerges += s.identity.sinkMerges; }
  }
  const statuses = summaries.map((s) => s.status);
  const status: RunStatus = statuses.some((s) => s === 'failed' || s === 'skipped') && !signal.aborted ? 'failed'
    : stop.signal.aborted ? 'paused'
    : signal.aborted ? 'interrupted'
    : counts.deadLettered > 0 ? 'partial' : 'succeeded';
  const error = summaries.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`).join('\n') || undefined;
  if (!dry) {
    await store.finishRun(runId, status, error);
    await store.addEvent({ pipeline: p.name, runId, kind: 'run.finished', detail: { status, ...counts } });
    await alertAbout(p, runId, status, error, summaries, options.logger);
  }
  return {
    runId, pipeline: p.name, status, kind, fullRefresh, sampled, counts, stages: summaries, ...(persons ? { identity: persons } : {}), recovered, timings: roundTimings(timings),
  };
}

async function runOneStage(
  p: PreparedPipeline, store: Store, stage: PreparedStage, runId: string, fullRefresh: boolean, options: Omit<RunOptions, 'where'> & { where?: Condition },
  connections: StageConnections,
  identity: IdentityResolver | undefined,
): Promise<StageSummary> {
  try {
    const { streams, sink, sinkCtx, contract } = await connections.open(stage);
    const done = await inPipeline(p, 'sources', stage.from[0]!.source, () => runStage({
      pipeline: p.name, runId, stage, streams, sink, store, contract, ctx: sinkCtx, redactor: p.redactor, fullRefresh, identity, onProgress: options.onProgress,
      ...(options.dryRun ? { dryRun: options.dryRun } : {}), ...(options.limit !== undefined ? { limit: options.limit } : {}), ...(options.where ? { where: options.where } : {}),
      ...(options.pendingOnly ? { pendingOnly: true } : {}), pending: options.pending?.get(stage.spec.name) ?? [], drift: p.drift,
    }));
    const { counts, timings } = done;
    return {
      name: stage.spec.name, status: counts.deadLettered > 0 ? 'partial' : 'succeeded', ...counts,
      ...(stage.identity?.mode === 'resolve' ? { identity: done.identity } : {}), ...(done.drift ? { drift: done.drift } : {}), ...(done.plan ? { plan: done.plan } : {}),
      timings: roundTimings(timings),
    };
  } catch (error) {
    const message = p.redactor.text(error instanceof DatongError || error instanceof Error ? error.message : String(error));
    options.logger.error(`stage ${stage.spec.name} failed: ${message}`);
    const [row] = await store.runStages([runId]).then((rows) => rows.filter((r) => r.stage === stage.spec.name));
    if (!options.dryRun) await store.interruptIntents(runId);
    return {
      name: stage.spec.name, status: 'failed', error: message,
      read: row?.records_read ?? 0, written: row?.written ?? 0, created: row?.created ?? 0, unchanged: row?.unchanged ?? 0, deadLettered: row?.dead_lettered ?? 0,
      held: row?.held ?? 0, skipped: 0,
      timings: { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 },
    };
  }
}

function emptySummary(name: string, status: StageStatus, error: string): StageSummary {
  return { name, status, read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0, held: 0, skipped: 0, error, timings: { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 } };
}

function roundTimings<T extends object>(t: T): T {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v as number)])) as T;
}

/** A failed run, and contract drift, raise an alert when the pipeline has a webhook (an alert never fails the run). */
async function alertAbout(p: PreparedPipeline, runId: string, status: RunStatus, error: string | undefined, stages: StageSummary[], logger: Logger): Promise<void> {
  const webhook = p.alerts?.webhook;
  if (!webhook) return;
  if (status === 'failed') {
    await sendAlert(webhook, { kind: 'run.failed', pipeline: p.name, runId, summary: `${p.name}: run ${runId} failed${error ? `: ${error.split('\n')[0]}` : ''}`, detail: { error: error ?? null } }, { logger });
  }
  const drifted = stages.filter((s) => s.drift);
  if (drifted.length > 0) {
    await sendAlert(webhook, {
      kind: 'contract.drift', pipeline: p.name, runId,
      summary: `${p.name}: contract drift in ${drifted.map((s) => `${s.name} (${describeDrift(s.drift!)})`).join('; ')}`,
      detail: { stages: Object.fromEntries(drifted.map((s) => [s.name, s.drift])) },
    }, { logger });
  }
}

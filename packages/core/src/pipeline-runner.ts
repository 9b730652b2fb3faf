import { randomBytes } from 'node:crypto';
import { createPluginContext, DatongError, fault, type Logger, type PluginContext, type SinkConnection, type SourceConnection, type SourceStream } from '@datong/sdk';
import type { IdentityResolver } from '@datong/identity';
import type { Store } from '@datong/store';
import { inPipeline } from './in-pipeline.js';
import { openIdentityResolver } from './open-identity-resolver.js';
import type { PreparedPipeline, PreparedStage } from './prepare-pipeline.js';
import { unknownStreamError } from './unknown-stream-error.js';
import { runStage, type IdentityCounts, type StageProgress, type StageTimings } from './stage-runner.js';

export type RunStatus = 'succeeded' | 'partial' | 'failed' | 'interrupted';
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
  /** For a stage with `identity: resolve`: merges of persons found, left for review, and carried out in the sink. */
  identity?: IdentityCounts;
  error?: string;
  timings: StageTimings;
}

/** What a run did: the `--json` output of `datong run`. */
export interface RunSummary {
  runId: string;
  pipeline: string;
  status: RunStatus;
  fullRefresh: boolean;
  counts: { read: number; written: number; created: number; unchanged: number; deadLettered: number };
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
  const recovered = await store.settleCrashed(p.name);
  if (recovered.runs.length > 0) {
    options.logger.warn(`settled ${recovered.runs.length} crashed run(s) (${recovered.runs.join(', ')}): ${recovered.intents} unapplied write intent(s) will be redone from the committed cursor`);
  }
  const runId = newRunId();
  const fullRefresh = options.fullRefresh ?? false;
  await store.createRun({ id: runId, pipeline: p.name, options: { fullRefresh, stages: options.stages ?? null } });
  await store.addEvent({ pipeline: p.name, runId, kind: 'run.started', detail: { fullRefresh } });
  const signal = options.signal ?? new AbortController().signal;
  const ctx = (kind: 'sources' | 'sinks', name: string): PluginContext => createPluginContext({
    logger: prefixed(options.logger, name),
    state: store.pluginState(p.name, `${kind}.${name}`),
    baseDir: p.loaded.dir,
    signal,
    embeddedSql: store.embeddedSql,
    fault,
    redactor: p.redactor,
  });

  const identity = openIdentityResolver(p, store);

  const sources = new Map<string, SourceConnection>();
  const sinks = new Map<string, SinkConnection>();
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
      await store.startStage(runId, stage.spec.name);
      const summary = await runOneStage(p, store, stage, runId, fullRefresh, options, ctx, sources, sinks, identity);
      if (signal.aborted && summary.status !== 'failed') summary.status = 'interrupted';
      await store.finishStage(runId, stage.spec.name, summary.status, summary.error);
      summaries.push(summary);
      outcome.set(stage.spec.name, summary.status);
      options.onStage?.(stage.spec.name, 'end', summary);
    }
  } finally {
    for (const c of [...sources.values(), ...sinks.values()]) await c.close?.().catch(() => undefined);
  }

  const counts = { read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0 };
  const timings = { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0, totalMs: 0 };
  for (const s of summaries) {
    counts.read += s.read; counts.written += s.written; counts.created += s.created; counts.unchanged += s.unchanged; counts.deadLettered += s.deadLettered;
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
    : signal.aborted ? 'interrupted'
    : counts.deadLettered > 0 ? 'partial' : 'succeeded';
  const error = summaries.filter((s) => s.error).map((s) => `${s.name}: ${s.error}`).join('\n') || undefined;
  await store.finishRun(runId, status, error);
  await store.addEvent({ pipeline: p.name, runId, kind: 'run.finished', detail: { status, ...counts } });
  return { runId, pipeline: p.name, status, fullRefresh, counts, stages: summaries, ...(persons ? { identity: persons } : {}), recovered, timings: roundTimings(timings) };
}

async function runOneStage(
  p: PreparedPipeline, store: Store, stage: PreparedStage, runId: string, fullRefresh: boolean, options: RunOptions,
  ctx: (kind: 'sources' | 'sinks', name: string) => PluginContext, sources: Map<string, SourceConnection>, sinks: Map<string, SinkConnection>,
  identity: IdentityResolver | undefined,
): Promise<StageSummary> {
  try {
    const streams: { stream: SourceStream; id: string; ctx: PluginContext }[] = [];
    for (const [i, ref] of stage.from.entries()) {
      let conn = sources.get(ref.source);
      if (!conn) {
        const endpoint = p.sources.get(ref.source)!;
        conn = await inPipeline(p, 'sources', ref.source, () => endpoint.plugin.plugin.source!.open(endpoint.config, ctx('sources', ref.source)));
        sources.set(ref.source, conn);
      }
      const source = conn;
      const offered = await inPipeline(p, 'sources', ref.source, () => source.streams());
      const stream = offered.find((s) => s.spec.name === ref.stream);
      if (!stream) throw unknownStreamError(p, stage, i, offered.map((s) => s.spec.name));
      streams.push({ stream, id: ref.id, ctx: ctx('sources', ref.source) });
    }
    let sinkConn = sinks.get(stage.to.sink);
    if (!sinkConn) {
      const endpoint = p.sinks.get(stage.to.sink)!;
      sinkConn = await inPipeline(p, 'sinks', stage.to.sink, () => endpoint.plugin.plugin.sink!.open(endpoint.config, ctx('sinks', stage.to.sink)));
      sinks.set(stage.to.sink, sinkConn);
    }
    const first = streams[0]!.stream.spec;
    const target = sinkConn;
    // What the sink's manifest declares for this object is its contract: mapped records are checked against it.
    const declared = p.sinks.get(stage.to.sink)!.plugin.sinkObject(stage.to.object);
    const contract = stage.model ?? (declared?.schema ? { name: `${stage.to.sink}.${stage.to.object}`, schema: declared.schema } : undefined);
    const sink = await inPipeline(p, 'sinks', stage.to.sink, () => target.object({
      name: stage.to.object, schema: contract?.schema ?? first.schema, key: stage.key ?? declared?.key ?? first.key,
    }));
    const done = await inPipeline(p, 'sources', stage.from[0]!.source, () => runStage({
      pipeline: p.name, runId, stage, streams, sink, store, contract, ctx: ctx('sinks', stage.to.sink), redactor: p.redactor, fullRefresh, identity, onProgress: options.onProgress,
    }));
    const { counts, timings } = done;
    return {
      name: stage.spec.name, status: counts.deadLettered > 0 ? 'partial' : 'succeeded', ...counts,
      ...(stage.identity?.mode === 'resolve' ? { identity: done.identity } : {}), timings: roundTimings(timings),
    };
  } catch (error) {
    const message = p.redactor.text(error instanceof DatongError || error instanceof Error ? error.message : String(error));
    options.logger.error(`stage ${stage.spec.name} failed: ${message}`);
    const [row] = await store.runStages([runId]).then((rows) => rows.filter((r) => r.stage === stage.spec.name));
    await store.interruptIntents(runId);
    return {
      name: stage.spec.name, status: 'failed', error: message,
      read: row?.records_read ?? 0, written: row?.written ?? 0, created: row?.created ?? 0, unchanged: row?.unchanged ?? 0, deadLettered: row?.dead_lettered ?? 0,
      timings: { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 },
    };
  }
}

function emptySummary(name: string, status: StageStatus, error: string): StageSummary {
  return { name, status, read: 0, written: 0, created: 0, unchanged: 0, deadLettered: 0, error, timings: { readMs: 0, processMs: 0, stateMs: 0, sinkMs: 0 } };
}

function roundTimings<T extends object>(t: T): T {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.round(v as number)])) as T;
}

function prefixed(logger: Logger, name: string): Logger {
  return {
    debug: (m, f) => logger.debug(`[${name}] ${m}`, f),
    info: (m, f) => logger.info(`[${name}] ${m}`, f),
    warn: (m, f) => logger.warn(`[${name}] ${m}`, f),
    error: (m, f) => logger.error(`[${name}] ${m}`, f),
  };
}

import { syncTags } from '@datong/mapping';
import type { DataRecord, Logger } from '@datong/sdk';
import type { Store } from '@datong/store';
import { sendAlert } from './alerts/send-alert.js';
import { openIdentityResolver } from './open-identity-resolver.js';
import { runPipeline, type RunSummary } from './pipeline-runner.js';
import type { PreparedPipeline, PreparedStage } from './prepare-pipeline.js';
import { comparisonHash, fieldDiff, sameValue } from './record-diff.js';
import { StageConnections, type OpenedStage } from './stage-connections.js';
import { runStage, type PendingRecord } from './stage-runner.js';

/** The most keys of each kind a stored report lists (the counts are always whole). */
const LISTED = 1000;

/** What one stage's source and sink hold, compared. */
export interface StageReconciliation {
  stage: string;
  /** Records the sources hold in the window (mapped and keyed as a run would write them). */
  sourceCount: number;
  /** Records the sink holds under a datong key (when it can list them), else those it gave back. */
  sinkCount?: number;
  /** Keys the sink lacks. */
  missing: string[];
  /** Keys the sink holds that no source record gives (only when the whole sink could be listed). */
  extra?: string[];
  /** Keys whose content differs, with the fields that do. */
  mismatched: { key: string; diff: { field: string; before: unknown; after: unknown }[] }[];
  /** Per-day sums the stage asked for (`reconcile.sums`) that differ. */
  sums: { field: string; day: string; source: number; sink: number }[];
  /** Source records that could not be mapped (they are in the dead letters after a run, not in the sink). */
  unmappable: number;
  notes: string[];
  /** The stored report's id. */
  id?: string;
  /** Whether the differences exceed the pipeline's threshold. */
  drifted: boolean;
}

export interface ReconcileReport {
  pipeline: string;
  since?: string;
  until?: string;
  stages: StageReconciliation[];
  /** The repair run, with `--repair`. */
  repair?: RunSummary;
  alert?: { sent: boolean; status?: number; error?: string };
}

export interface ReconcileOptions {
  stages?: string[];
  since?: Date;
  until?: Date;
  repair?: boolean;
  actor: string;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Compares each stage's sources with its sink: reads every source record in the window, maps and
 * resolves it exactly as a run would (nothing is written), then reads the sink (listing all of it
 * when it can, to find extra records) and reports missing, extra and mismatched records by key,
 * plus per-day sums. Each stage's report is stored; drift past the threshold raises an alert.
 * `repair` then writes exactly the missing and mismatched records through the write protocol.
 */
export async function reconcilePipeline(p: PreparedPipeline, store: Store, options: ReconcileOptions): Promise<ReconcileReport> {
  const signal = options.signal ?? new AbortController().signal;
  const connections = new StageConnections(p, store, options.logger, signal, true);
  const identity = openIdentityResolver(p, store);
  const report: ReconcileReport = {
    pipeline: p.name, stages: [],
    ...(options.since ? { since: options.since.toISOString() } : {}), ...(options.until ? { until: options.until.toISOString() } : {}),
  };
  const repairs = new Map<string, PendingRecord[]>();
  const windowed = options.since !== undefined || options.until !== undefined;
  const chosen = p.stages.filter((s) => !options.stages || options.stages.includes(s.spec.name));
  try {
    // What each stage's sources say the sink should hold, mapped and resolved as a run would.
    const expectations: { stage: PreparedStage; opened: OpenedStage; expected: Map<string, { record: DataRecord; stream: string }>; unmappable: number; notes: string[] }[] = [];
    for (const stage of chosen) {
      const opened = await connections.open(stage);
      const notes: string[] = [];
      const expected = new Map<string, { record: DataRecord; stream: string }>();
      let unmappable = 0;
      for (const s of opened.streams) {
        if (windowed && !s.stream.spec.cursorField) notes.push(`${s.id} has no cursor field: the window does not narrow it, every record is compared`);
        const done = await runStage({
          pipeline: p.name, runId: 'reconcile', stage, streams: [s], sink: opened.sink, store, ...(opened.contract ? { contract: opened.contract } : {}),
          ctx: opened.sinkCtx, redactor: p.redactor, fullRefresh: true, ...(identity ? { identity } : {}), dryRun: { sample: 0 }, drift: 'report',
          sourceFilter: inWindow(s.stream.spec.cursorField, options),
          inspect: async (streamId, records) => { for (const [key, e] of records) expected.set(key, { record: e.record, stream: streamId }); },
        });
        unmappable += done.counts.deadLettered;
      }
      expectations.push({ stage, opened, expected, unmappable, notes });
    }

    // Per sink object (several stages may write one: two channels' customers into one contacts
    // object), what the sink holds, read once; a record is extra only when no stage writing the
    // object expects it, and a difference is reported (and repaired) once, by the first stage that expects it.
    for (const object of [...new Set(expectations.map((e) => e.stage.to.id))]) {
      const writers = expectations.filter((e) => e.stage.to.id === object);
      const sink = writers[0]!.opened.sink;
      const everyWriter = p.stages.filter((s) => s.to.id === object).every((s) => chosen.includes(s));
      const held = new Map<string, DataRecord>();
      let listed = false;
      if (!windowed && everyWriter && sink.scan) {
        for await (const page of sink.scan()) for (const { key, record } of page) held.set(key, record);
        listed = true;
      } else if (sink.readBack) {
        const keys = [...new Set(writers.flatMap((w) => [...w.expected.keys()]))];
        for (let i = 0; i < keys.length; i += 500) for (const [k, r] of await sink.readBack(keys.slice(i, i + 500))) held.set(k, r);
        if (!windowed) writers[0]!.notes.push(`${object} ${sink.scan ? 'is written by stages not reconciled now' : 'cannot list its records'}: extra records are not looked for`);
      } else {
        writers[0]!.notes.push(`${object} can neither list nor read back records: nothing to compare with`);
      }
      const expectedByAny = new Set(writers.flatMap((w) => [...w.expected.keys()]));
      const reported = new Set<string>();
      for (const [i, w] of writers.entries()) {
        const mine = new Map([...w.expected].filter(([key]) => !reported.has(key)));
        for (const key of mine.keys()) reported.add(key);
        const compared = compareStage(w.stage, mine, held, sink.readBack !== undefined || listed);
        // Extra records belong to the object: listed once, with its first stage.
        const extra = listed && i === 0 ? [...held.keys()].filter((k) => !expectedByAny.has(k)) : listed ? [] : undefined;
        const sums = compareSums(w.stage, w.expected, held);
        const total = compared.missing.length + (extra?.length ?? 0) + compared.mismatched.length + sums.length;
        const result: StageReconciliation = {
          stage: w.stage.spec.name, sourceCount: w.expected.size, sinkCount: held.size, missing: compared.missing, ...(extra ? { extra } : {}),
          mismatched: compared.mismatched, sums, unmappable: w.unmappable, notes: w.notes, drifted: total > p.reconcileThreshold,
        };
        result.id = await store.saveReconciliation({
          pipeline: p.name, stage: result.stage, ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}),
          sourceCount: result.sourceCount, sinkCount: held.size, missing: result.missing.length, ...(extra ? { extra: extra.length } : {}), mismatched: result.mismatched.length,
          report: {
            object, missing: result.missing.slice(0, LISTED), extra: extra?.slice(0, LISTED) ?? null, mismatched: result.mismatched.slice(0, LISTED),
            sums, unmappable: w.unmappable, notes: w.notes, threshold: p.reconcileThreshold,
          },
          actor: options.actor,
        });
        report.stages.push(result);
        const repair = [...result.missing, ...result.mismatched.map((m) => m.key)]
          .map((key): PendingRecord => ({ stream: w.expected.get(key)!.stream, kind: 'mapped', key, record: w.expected.get(key)!.record }));
        if (repair.length > 0) repairs.set(result.stage, repair);
      }
    }
    // In pipeline order, as the stages run.
    report.stages.sort((a, b) => chosen.findIndex((s) => s.spec.name === a.stage) - chosen.findIndex((s) => s.spec.name === b.stage));
  } finally {
    await connections.close();
  }
  await store.addEvent({
    pipeline: p.name, kind: 'reconcile', actor: options.actor,
    detail: { stages: report.stages.map((s) => ({ stage: s.stage, id: s.id, missing: s.missing.length, extra: s.extra?.length ?? null, mismatched: s.mismatched.length, sums: s.sums.length })), repair: options.repair ?? false },
  });

  const drifted = report.stages.filter((s) => s.drifted);
  if (drifted.length > 0 && p.alerts?.webhook) {
    report.alert = await sendAlert(p.alerts.webhook, {
      kind: 'reconcile.drift', pipeline: p.name,
      summary: `${p.name}: ${drifted.map((s) => `${s.stage} ${describeReconciliation(s)}`).join('; ')}`,
      detail: { stages: drifted.map((s) => ({ stage: s.stage, reconciliation: s.id, missing: s.missing.slice(0, 20), extra: s.extra?.slice(0, 20) ?? null, mismatched: s.mismatched.slice(0, 20).map((m) => m.key), sums: s.sums })) },
    }, { logger: options.logger });
  }

  if (options.repair && repairs.size > 0) {
    report.repair = await runPipeline(p, store, {
      pendingOnly: true, pending: repairs, stages: [...repairs.keys()], kind: 'repair', actor: options.actor, logger: options.logger, ...(options.signal ? { signal: options.signal } : {}),
    });
    await store.setReconciliationRepaired(report.stages.filter((s) => repairs.has(s.stage)).map((s) => s.id!), report.repair.runId);
    await store.addEvent({ pipeline: p.name, runId: report.repair.runId, kind: 'operator.repair', actor: options.actor, detail: { stages: [...repairs].map(([stage, r]) => ({ stage, records: r.length })) } });
  }
  return report;
}

/** One line: `2 missing, 1 mismatched, 0 extra`. */
export function describeReconciliation(s: StageReconciliation): string {
  return [`${s.missing.length} missing`, `${s.mismatched.length} mismatched`, s.extra ? `${s.extra.length} extra` : 'extra not checked', ...(s.sums.length ? [`${s.sums.length} day total(s) differ`] : [])].join(', ');
}

/** Missing and mismatched keys of one stage's expected records against what the sink holds. */
function compareStage(stage: PreparedStage, expected: Map<string, { record: DataRecord }>, held: Map<string, DataRecord>, canRead: boolean): { missing: string[]; mismatched: StageReconciliation['mismatched'] } {
  const tags = stage.mapping?.tags();
  const missing: string[] = [];
  const mismatched: StageReconciliation['mismatched'] = [];
  for (const [key, { record }] of expected) {
    const holds = held.get(key);
    if (!holds) { if (canRead) missing.push(key); continue; }
    let wanted = record;
    // Tags someone set by hand in the sink stay (tag sync keeps them): what datong would write is the synced set.
    if (tags && Array.isArray(record[tags.field])) {
      const current = holds[tags.field];
      const list = Array.isArray(current) ? current.map(String) : typeof current === 'string' && current !== '' ? current.split(';') : [];
      wanted = { ...record, [tags.field]: syncTags(list, (record[tags.field] as unknown[]).map(String), tags.owned).result };
    }
    // Each side's content hash over the fields datong writes, normalized (the sink's "12.50" is 12.5); only a difference is diffed.
    const fields = Object.keys(wanted);
    if (comparisonHash(wanted, fields) === comparisonHash(holds, fields)) continue;
    const diff = fieldDiff(wanted, holds);
    if (diff.length > 0) mismatched.push({ key, diff });
  }
  return { missing, mismatched };
}

/** The per-day sums a stage asks for (`reconcile.sums`), source against sink, where they differ. */
function compareSums(stage: PreparedStage, expected: Map<string, { record: DataRecord }>, held: Map<string, DataRecord>): StageReconciliation['sums'] {
  const sums: StageReconciliation['sums'] = [];
  for (const { field, day } of stage.spec.reconcile?.sums ?? []) {
    const totals = (records: Iterable<DataRecord>) => {
      const out = new Map<string, number>();
      for (const r of records) {
        const d = String(r[day] ?? '').slice(0, 10);
        const v = Number(r[field]);
        if (d && Number.isFinite(v)) out.set(d, (out.get(d) ?? 0) + v);
      }
      return out;
    };
    const source = totals([...expected.values()].map((e) => e.record));
    // The sink's side: the records of this stage's keys (another stage writing the object has its own sums).
    const sink = totals([...expected.keys()].map((k) => held.get(k)).filter((r): r is DataRecord => r !== undefined));
    for (const d of [...new Set([...source.keys(), ...sink.keys()])].sort()) {
      const a = round(source.get(d) ?? 0);
      const b = round(sink.get(d) ?? 0);
      if (!sameValue(a, b)) sums.push({ field, day: d, source: a, sink: b });
    }
  }
  return sums;
}

/** Whether a source record is in the reconciliation's window, by its stream's cursor field (records without one are). */
function inWindow(field: string | undefined, options: { since?: Date; until?: Date }): (record: DataRecord) => boolean {
  return (record) => {
    if ((!options.since && !options.until) || !field) return true;
    const at = Date.parse(String(record[field] ?? ''));
    if (Number.isNaN(at)) return true;
    return (!options.since || at >= options.since.getTime()) && (!options.until || at < options.until.getTime());
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

import { describeReconciliation, formatDiff, reconcilePipeline, type ReconcileReport } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

export interface ReconcileFlags {
  since?: string;
  until?: string;
  stage?: string[];
  repair?: boolean;
  actor?: string;
  json?: boolean;
  state?: string;
  verbose?: boolean;
}

/**
 * `datong reconcile <pipeline>`: what each stage's sources hold against what its sink holds. Exits
 * 6 when a stage has more differences than the pipeline's `reconcile.threshold` (after `--repair`,
 * only if the repair left some).
 */
export async function reconcileCommand(file: string, flags: ReconcileFlags): Promise<number> {
  const p = await openPipeline(file);
  const since = date(flags.since, '--since');
  const until = date(flags.until, '--until');
  const store = await openPipelineStore(p, flags.state, `datong reconcile ${file}`);
  let report: ReconcileReport;
  try {
    report = await reconcilePipeline(p, store, {
      ...(flags.stage ? { stages: flags.stage } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}),
      repair: flags.repair ?? false, actor: actorOf(flags), logger: cliLogger(p.redactor, flags),
    });
  } finally {
    await store.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(p.redactor.value(report))}\n`);
  else process.stdout.write(format(report, file, p.redactor.text.bind(p.redactor)));
  const drifted = report.stages.some((s) => s.drifted);
  const repaired = report.repair !== undefined && (report.repair.status === 'succeeded');
  return drifted && !repaired ? ExitCode.drift : ExitCode.ok;
}

function date(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new ConfigError([{ message: `${flag} ${JSON.stringify(value)} is not a date (2026-12-01 or 2026-12-01T08:00:00+08:00)` }]);
  return d;
}

function format(r: ReconcileReport, file: string, redact: (s: string) => string): string {
  const lines = [`reconciliation of ${r.pipeline}${r.since || r.until ? ` (${r.since ?? '…'} to ${r.until ?? '…'})` : ''}:`];
  for (const s of r.stages) {
    lines.push(`  ${s.stage.padEnd(14)} ${s.drifted ? 'DRIFT' : 'ok   '} source ${s.sourceCount}, sink ${s.sinkCount ?? '?'}: ${describeReconciliation(s)}${s.unmappable ? `, ${s.unmappable} source record(s) not mappable (see dead letters)` : ''}  [report #${s.id}]`);
    for (const k of s.missing.slice(0, 5)) lines.push(`    missing    ${k}`);
    for (const k of (s.extra ?? []).slice(0, 5)) lines.push(`    extra      ${k}`);
    for (const m of s.mismatched.slice(0, 5)) {
      lines.push(`    mismatched ${m.key}`);
      for (const d of formatDiff(m.diff.map((x) => ({ field: x.field, before: x.before, after: x.after }))).slice(0, 6)) lines.push(`    ${redact(d)}`);
    }
    for (const d of s.sums) lines.push(`    ${d.day} sum of ${d.field}: source ${d.source}, sink ${d.sink}`);
    for (const n of s.notes) lines.push(`    note: ${n}`);
  }
  if (r.alert) lines.push(`  alert: ${r.alert.sent ? `sent (${r.alert.status})` : `not sent${r.alert.error ? `: ${r.alert.error}` : ''}`}`);
  if (r.repair) lines.push(`  repaired in run ${r.repair.runId}: ${r.repair.status}, ${r.repair.counts.written} written (${r.repair.counts.created} created), ${r.repair.counts.deadLettered} dead-lettered`);
  else if (r.stages.some((s) => s.missing.length + s.mismatched.length > 0)) lines.push(`  datong reconcile ${file} --repair   writes exactly the missing and mismatched records`);
  return `${lines.join('\n')}\n`;
}

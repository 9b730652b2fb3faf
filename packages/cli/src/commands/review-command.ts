import { fieldDiff, formatDiff, runPipeline } from '@datong/core';
import { ConfigError, type DataRecord } from '@datong/sdk';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';
import { exitCodeOf } from './run-command.js';

export interface ReviewFlags {
  stage?: string;
  rule?: string;
  status?: string;
  all?: boolean;
  reason?: string;
  actor?: string;
  apply?: boolean;
  json?: boolean;
  limit?: string;
  state?: string;
  verbose?: boolean;
}

/** `datong review list <pipeline>`: records held by review rules, waiting (or, with --status, decided). */
export async function reviewListCommand(file: string, flags: ReviewFlags): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong review list ${file}`);
  try {
    const rows = await store.reviews(p.name, { status: flags.status ?? 'pending', stage: flags.stage, rule: flags.rule, limit: Number(flags.limit ?? 100) });
    if (flags.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(p.redactor.value(r))}\n`);
      return ExitCode.ok;
    }
    if (rows.length === 0) process.stdout.write(`no ${flags.status ?? 'pending'} reviews\n`);
    for (const r of rows) {
      process.stdout.write(`#${r.id} [${r.stage}] ${r.record_key}  ${r.status}  rule ${JSON.stringify(r.rule)}${r.reason ? ` (${r.reason})` : ''}  held in ${r.run_id}${r.decided_by ? `, ${r.status} by ${r.decided_by}` : ''}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

/** `datong review show <pipeline> <id>`: one held record, and what writing it would change in the sink. */
export async function reviewShowCommand(file: string, id: string, flags: ReviewFlags): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong review show ${file}`);
  try {
    const [r] = await store.reviews(p.name, { ids: [id], status: 'all' });
    if (!r) throw new ConfigError([{ message: `no review #${id} in pipeline ${p.name} (datong review list ${file})` }]);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p.redactor.value(r))}\n`);
      return ExitCode.ok;
    }
    const diff = fieldDiff(r.record as DataRecord, (r.before ?? undefined) as DataRecord | undefined);
    const lines = [
      `review #${r.id} [${r.stage}] ${r.record_key}: ${r.status}`,
      `  held by rule ${JSON.stringify(r.rule)}${r.reason ? ` — ${r.reason}` : ''}, in run ${r.run_id} at ${new Date(r.created_at).toISOString()}`,
      ...(r.decided_by ? [`  ${r.status} by ${r.decided_by} at ${new Date(r.decided_at!).toISOString()}${r.decision_reason ? `: ${r.decision_reason}` : ''}`] : []),
      `  ${r.before ? 'would update the sink\'s record' : 'would create it in the sink'}:`,
      ...formatDiff(diff).map((l) => `  ${p.redactor.text(l)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

/**
 * `datong review approve|reject <pipeline> [id...]` (or `--all` with `--stage`/`--rule` filters),
 * with `--reason`. Approved records are written at the start of the stage's next run, or at once
 * with `--apply` (a run that writes only pending work).
 */
export async function reviewDecisionCommand(decision: 'approve' | 'reject', file: string, ids: string[], flags: ReviewFlags): Promise<number> {
  if (ids.length === 0 && !flags.all) throw new ConfigError([{ message: `name the reviews to ${decision} (ids from datong review list), or use --all (with --stage / --rule to narrow it)` }]);
  const p = await openPipeline(file);
  const actor = actorOf(flags);
  const store = await openPipelineStore(p, flags.state, `datong review ${decision} ${file}`);
  try {
    const chosen = ids.length > 0 ? ids : (await store.reviews(p.name, { status: 'pending', stage: flags.stage, rule: flags.rule, limit: 100_000 })).map((r) => String(r.id));
    const decided = await store.decideReviews(p.name, chosen, decision === 'approve' ? 'approved' : 'rejected', actor, flags.reason);
    const skipped = chosen.filter((id) => !decided.includes(id));
    process.stdout.write(`${decision === 'approve' ? 'approved' : 'rejected'} ${decided.length} review(s) as ${actor}${flags.reason ? ` (${flags.reason})` : ''}\n`);
    if (skipped.length > 0) process.stdout.write(`not pending, left as they are: ${skipped.map((id) => `#${id}`).join(', ')}\n`);
    if (decision === 'reject' || decided.length === 0) return ExitCode.ok;
    if (!flags.apply) {
      process.stdout.write(`the next run writes them (or: datong review approve ${file} --apply)\n`);
      return ExitCode.ok;
    }
    const rows = await store.reviews(p.name, { ids: decided, status: 'approved' });
    const summary = await runPipeline(p, store, {
      pendingOnly: true, stages: [...new Set(rows.map((r) => r.stage))], kind: 'apply', actor, logger: cliLogger(p.redactor, flags),
    });
    process.stdout.write(`applied in run ${summary.runId}: ${summary.counts.written} written (${summary.counts.created} created), ${summary.counts.deadLettered} dead-lettered\n`);
    return exitCodeOf(summary);
  } finally {
    await store.close();
  }
}

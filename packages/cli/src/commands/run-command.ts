import { relative } from 'node:path';
import { describeDrift, formatDiff, runPipeline, type RunSummary } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { actorOf } from '../actor.js';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';
import { ProgressReporter } from '../progress-reporter.js';

export interface RunFlags {
  fullRefresh?: boolean;
  stage?: string[];
  json?: boolean;
  state?: string;
  quiet?: boolean;
  verbose?: boolean;
  dryRun?: boolean;
  sample?: string;
  limit?: string;
  where?: string;
  actor?: string;
}

/** `datong run <pipeline>`: one run of every stage, with progress and a summary. */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
  const limit = count(flags.limit, '--limit');
  const sample = count(flags.sample, '--sample') ?? 5;
  const p = await openPipeline(file);
  const progress = new ProgressReporter(process.stderr, !flags.quiet && !flags.json);
  const logger = cliLogger(p.redactor, flags, (line) => progress.log(line));
  const store = await openPipelineStore(p, flags.state, `datong run ${file}`);
  const controller = new AbortController();
  const stop = (signal: string) => {
    if (controller.signal.aborted) return;
    logger.warn(`${signal}: stopping at the next batch boundary, with everything done so far committed`);
    controller.abort();
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  let summary: RunSummary;
  let reasons: { stage: string; code: string; count: number; example: string }[] = [];
  try {
    summary = await runPipeline(p, store, {
      fullRefresh: flags.fullRefresh,
      stages: flags.stage,
      ...(flags.dryRun ? { dryRun: { sample } } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(flags.where !== undefined ? { where: flags.where } : {}),
      actor: actorOf(flags),
      logger,
      signal: controller.signal,
      onProgress: (x) => progress.progress(x),
      onStage: (stage, phase, s) => (phase === 'start' ? progress.stageStarted(stage) : progress.stageEnded(s!)),
    });
    if (summary.counts.deadLettered > 0) reasons = await store.deadLetterCounts(p.name);
  } finally {
    // The handlers stay until the store is closed: a second signal then must not cut the close short.
    await store.close();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(p.redactor.value(summary))}\n`);
  else process.stdout.write(p.redactor.text(formatSummary(summary, store.kind === 'embedded' ? relative(process.cwd(), `${p.loaded.dir}/.datong`) || '.datong' : 'Postgres', file, reasons.map((r) => ({ ...r, example: p.redactor.text(r.example) })))));
  return exitCodeOf(summary);
}

export function exitCodeOf(summary: RunSummary): number {
  switch (summary.status) {
    case 'succeeded': return ExitCode.ok;
    case 'partial': return ExitCode.partial;
    case 'interrupted': return ExitCode.interrupted;
    case 'paused': return ExitCode.paused;
    default: return ExitCode.failed;
  }
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError([{ message: `${flag} ${JSON.stringify(value)}: give a whole number` }]);
  return n;
}

function formatSummary(s: RunSummary, storeName: string, file: string, reasons: { stage: string; code: string; count: number; example: string }[]): string {
  if (s.kind === 'dry-run') return formatPlan(s, file);
  const lines = [
    '',
    `run ${s.runId} of ${s.pipeline}: ${s.status}${s.fullRefresh ? ' (full refresh)' : ''}${s.sampled ? ' (sampled: cursors not moved)' : ''} in ${(s.timings.totalMs / 1000).toFixed(1)}s`,
  ];
  if (s.recovered.runs.length > 0) lines.push(`  recovered first: ${s.recovered.runs.join(', ')} (crashed; ${s.recovered.intents} write intent(s) redone)`);
  for (const st of s.stages) {
    lines.push(`  ${st.name.padEnd(14)} ${st.status.padEnd(11)} read ${st.read}, written ${st.written} (created ${st.created}, updated ${st.written - st.created}), unchanged ${st.unchanged}, dead-lettered ${st.deadLettered}${st.held ? `, held for review ${st.held}` : ''}${st.skipped ? `, left out by --where ${st.skipped}` : ''}`);
    if (st.error) lines.push(`    error: ${st.error.split('\n').join('\n    ')}`);
    if (st.drift) lines.push(`    contract drift: ${describeDrift(st.drift)}`);
  }
  lines.push(`  total          read ${s.counts.read}, written ${s.counts.written} (created ${s.counts.created}, updated ${s.counts.written - s.counts.created}), unchanged ${s.counts.unchanged}, dead-lettered ${s.counts.deadLettered}`);
  if (s.identity) {
    const i = s.identity;
    lines.push(`  identities     ${i.persons} person(s), ${i.crossChannel} found on more than one channel; identities merged: ${i.merged} this run (${i.sinkMerges} merged in the sink), ${i.absorbed} in all${i.pendingReviews > 0 ? `, ${i.pendingReviews} merge(s) waiting for review: datong identities ${file}` : ''}`);
  }
  lines.push(`  state store: ${storeName}`);
  if (reasons.length > 0) {
    lines.push('  open dead letters by reason:');
    for (const r of reasons) lines.push(`    ${r.stage} ${r.code} x${r.count}: ${r.example.length > 160 ? `${r.example.slice(0, 157)}...` : r.example}`);
  }
  if (s.counts.deadLettered > 0) lines.push(`  dead letters: datong dead-letters list ${file}   (why each record was set aside)`);
  if (s.counts.held > 0) lines.push(`  held for review: datong review list ${file}   (approve or reject them)`);
  if (s.status === 'paused') lines.push(`  paused: everything up to here is committed; datong resume ${file} lets it run again`);
  return `${lines.join('\n')}\n`;
}

/** A dry run: what each stage would do, and what a sample of its records would change. */
function formatPlan(s: RunSummary, file: string): string {
  const lines = ['', `dry run of ${s.pipeline}: nothing was written (sinks, cursors, ledger and dead letters are as they were)`];
  for (const st of s.stages) {
    lines.push(`  ${st.name.padEnd(14)} would create ${st.created}, update ${st.written - st.created}, leave unchanged ${st.unchanged}, hold for review ${st.held}, dead-letter ${st.deadLettered}${st.skipped ? ` (${st.skipped} left out by --where)` : ''} of ${st.read} read${st.error ? `  error: ${st.error}` : ''}`);
    if (st.plan?.pendingWork) lines.push(`    and first write ${st.plan.pendingWork} pending record(s) (approved reviews, deferred records)`);
    if (st.drift) lines.push(`    contract drift: ${describeDrift(st.drift)}`);
    for (const sample of st.plan?.samples ?? []) {
      lines.push(`    ${sample.op} ${sample.key}${sample.rule ? ` (held by rule ${JSON.stringify(sample.rule)})` : ''}`);
      for (const d of formatDiff(sample.diff).slice(0, 12)) lines.push(`    ${d}`);
    }
  }
  if (s.identity) lines.push(`  identities: ${s.identity.merged} merge(s) would be made, ${s.identity.review} held for review`);
  lines.push(`  to write it: datong run ${file}   (or a slice first: --limit 20)`);
  return `${lines.join('\n')}\n`;
}

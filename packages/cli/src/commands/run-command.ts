import { relative } from 'node:path';
import { runPipeline, type RunSummary } from '@datong/core';
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
}

/** `datong run <pipeline>`: one run of every stage, with progress and a summary. */
export async function runCommand(file: string, flags: RunFlags): Promise<number> {
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
  else process.stdout.write(formatSummary(summary, store.kind === 'embedded' ? relative(process.cwd(), `${p.loaded.dir}/.datong`) || '.datong' : 'Postgres', file, reasons.map((r) => ({ ...r, example: p.redactor.text(r.example) }))));
  return exitCodeOf(summary);
}

export function exitCodeOf(summary: RunSummary): number {
  switch (summary.status) {
    case 'succeeded': return ExitCode.ok;
    case 'partial': return ExitCode.partial;
    case 'interrupted': return ExitCode.interrupted;
    default: return ExitCode.failed;
  }
}

function formatSummary(s: RunSummary, storeName: string, file: string, reasons: { stage: string; code: string; count: number; example: string }[]): string {
  const lines = [
    '',
    `run ${s.runId} of ${s.pipeline}: ${s.status}${s.fullRefresh ? ' (full refresh)' : ''} in ${(s.timings.totalMs / 1000).toFixed(1)}s`,
  ];
  if (s.recovered.runs.length > 0) lines.push(`  recovered first: ${s.recovered.runs.join(', ')} (crashed; ${s.recovered.intents} write intent(s) redone)`);
  for (const st of s.stages) {
    lines.push(`  ${st.name.padEnd(14)} ${st.status.padEnd(11)} read ${st.read}, written ${st.written} (created ${st.created}, updated ${st.written - st.created}), unchanged ${st.unchanged}, dead-lettered ${st.deadLettered}`);
    if (st.error) lines.push(`    error: ${st.error.split('\n').join('\n    ')}`);
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
  return `${lines.join('\n')}\n`;
}

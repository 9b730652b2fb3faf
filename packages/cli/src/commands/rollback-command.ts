import { rollbackRun, type RollbackReport } from '@datong/core';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/** `datong rollback <pipeline> <run-id>`: puts back what one run changed in the sinks, and its cursors. */
export async function rollbackCommand(file: string, runId: string, flags: { force?: boolean; actor?: string; json?: boolean; state?: string; verbose?: boolean }): Promise<number> {
  const p = await openPipeline(file);
  const logger = cliLogger(p.redactor, flags);
  const store = await openPipelineStore(p, flags.state, `datong rollback ${file}`);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let report: RollbackReport;
  try {
    report = await rollbackRun(p, store, runId, { actor: actorOf(flags), force: flags.force ?? false, logger, signal: controller.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await store.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(p.redactor.value(report))}\n`);
  else process.stdout.write(format(report, file));
  if (report.status === 'refused') return ExitCode.conflict;
  return report.status === 'partial' ? ExitCode.partial : ExitCode.ok;
}

function format(r: RollbackReport, file: string): string {
  const lines: string[] = [];
  if (r.status === 'refused') {
    const runs = [...new Set(r.conflicts.map((c) => c.laterRun))];
    lines.push(`refused: ${r.conflicts.length} record(s) this run changed were changed again by later run(s) ${runs.join(', ')}; rolling back would overwrite them.`);
    for (const c of r.conflicts.slice(0, 10)) lines.push(`  ${c.object} ${c.key} (changed again by ${c.laterRun})`);
    if (r.conflicts.length > 10) lines.push(`  ... and ${r.conflicts.length - 10} more`);
    lines.push(`roll back the later run(s) first, or add --force to put this run's before-images back anyway`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`rollback ${r.rollbackId} of ${r.runId}: ${r.status}`);
  lines.push(`  restored ${r.restored} record(s) to their before-image, deleted ${r.deleted} the run created${r.alreadyDone > 0 ? `, ${r.alreadyDone} batch(es) already undone by an earlier rollback` : ''}`);
  lines.push(`  cursors put back: ${r.cursorsRestored} stream(s); the next run redoes this run's work (\`datong run ${file}\`)`);
  if (r.notUndone.length > 0) {
    lines.push(`  not undone (${r.notUndone.length}):`);
    for (const n of r.notUndone.slice(0, 20)) lines.push(`    ${n.object} ${n.key}: ${n.why}`);
    if (r.notUndone.length > 20) lines.push(`    ... and ${r.notUndone.length - 20} more (--json lists them all)`);
  }
  return `${lines.join('\n')}\n`;
}

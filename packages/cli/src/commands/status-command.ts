import { embeddedStoreHolder } from '@datong/store';
import { controlRequests, describeDrift, pauseState, storeLocation, type DriftReport } from '@datong/core';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/** `datong status <pipeline>`: recent runs with their counts, the cursors, open dead letters by reason. */
export async function statusCommand(file: string, flags: { json?: boolean; state?: string; limit?: string }): Promise<number> {
  const p = await openPipeline(file);
  const where = storeLocation(p, flags.state);
  if (!where.url) {
    // The embedded store admits one process; while a sync holds it, say so instead of failing.
    const holder = embeddedStoreHolder(where.dir);
    if (holder) {
      const request = controlRequests(p).peek(p.name);
      const busy = { pipeline: p.name, running: holder, ...(request ? { request } : {}) };
      process.stdout.write(flags.json ? `${JSON.stringify(busy)}\n` : `${p.name}: a sync is running (pid ${holder.pid}, ${holder.command}, since ${holder.since}); the embedded store can be read when it ends${request ? `\n  ${request.action} requested by ${request.actor} at ${request.at}: applied at its next batch boundary` : ''}\n`);
      return ExitCode.ok;
    }
  }
  const store = await openPipelineStore(p, flags.state, `datong status ${file}`);
  try {
    const runs = await store.runs(p.name, Number(flags.limit ?? 10));
    const stages = await store.runStages(runs.map((r) => r.id));
    const cursors = await store.streamStates(p.name);
    const dead = await store.deadLetterCounts(p.name);
    const paused = await pauseState(p, store);
    const reviews = (await store.reviews(p.name, { status: 'pending', limit: 100_000 })).length;
    const reconciliations = await store.latestReconciliations(p.name);
    // The latest drift each stage reported (the newest run that saw any).
    const drift = new Map<string, { run: string; report: DriftReport }>();
    for (const s of stages) if (s.drift && !drift.has(s.stage)) drift.set(s.stage, { run: s.run_id, report: s.drift as DriftReport });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p.redactor.value({
        pipeline: p.name, store: store.kind, paused: paused ?? null, pendingReviews: reviews,
        runs: runs.map((r) => ({ ...r, stages: stages.filter((s) => s.run_id === r.id) })), cursors, deadLetters: dead,
        reconciliations, contractDrift: Object.fromEntries(drift),
      }))}\n`);
      return ExitCode.ok;
    }
    const out: string[] = [`pipeline ${p.name} (state store: ${store.kind})${paused ? `: PAUSED by ${paused.actor} at ${paused.at.toISOString()}${paused.reason ? ` (${paused.reason})` : ''}; datong resume ${file}` : ''}`];
    if (reviews > 0) out.push(`${reviews} record(s) held for review: datong review list ${file}`);
    out.push('', 'runs (newest first):');
    if (runs.length === 0) out.push('  none yet');
    for (const r of runs) {
      const took = r.finished_at ? `${((new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) / 1000).toFixed(1)}s` : 'running';
      out.push(`  ${r.id}  ${r.status.padEnd(11)} ${new Date(r.started_at).toISOString()}  ${took}${r.kind !== 'sync' ? `  ${r.kind}` : ''}${r.actor ? ` by ${r.actor}` : ''}`);
      for (const s of stages.filter((x) => x.run_id === r.id)) {
        out.push(`    ${s.stage.padEnd(14)} ${s.status.padEnd(11)} read ${s.records_read}, written ${s.written}, unchanged ${s.unchanged}, dead-lettered ${s.dead_lettered}${Number(s.held) > 0 ? `, held ${s.held}` : ''}`);
      }
      if (r.error) out.push(`    error: ${p.redactor.text(r.error)}`);
    }
    out.push('', 'cursors:');
    if (cursors.length === 0) out.push('  none yet');
    for (const c of cursors) out.push(`  ${c.stage} / ${c.stream}: ${JSON.stringify(c.state)} (run ${c.run_id})`);
    out.push('', 'reconciliation (latest per stage):');
    if (reconciliations.length === 0) out.push(`  none yet (datong reconcile ${file})`);
    for (const r of reconciliations) {
      out.push(`  ${r.stage.padEnd(14)} ${new Date(r.at).toISOString()}  source ${r.source_count}, sink ${r.sink_count ?? '?'}: ${r.missing} missing, ${r.mismatched} mismatched, ${r.extra ?? '?'} extra${r.missing + r.mismatched + (r.extra ?? 0) > p.reconcileThreshold ? '  DRIFT' : ''}${r.repaired_run ? `, repaired in ${r.repaired_run}` : ''}`);
    }
    if (drift.size > 0) {
      out.push('', 'contract drift (latest run that saw it):');
      for (const [stage, d] of drift) out.push(`  ${stage} (${d.run}): ${describeDrift(d.report)}`);
    }
    out.push('', 'open dead letters by reason:');
    if (dead.length === 0) out.push('  none');
    for (const d of dead) out.push(`  ${d.stage} ${d.code}: ${d.count}   e.g. ${d.example}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

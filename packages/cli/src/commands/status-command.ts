import { join } from 'node:path';
import { EmbeddedLock } from '@datong/store';
import { storeLocation } from '@datong/core';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/** `datong status <pipeline>`: recent runs with their counts, the cursors, open dead letters by reason. */
export async function statusCommand(file: string, flags: { json?: boolean; state?: string; limit?: string }): Promise<number> {
  const p = await openPipeline(file);
  const where = storeLocation(p, flags.state);
  if (!where.url) {
    // The embedded store admits one process; while a sync holds it, say so instead of failing.
    const holder = EmbeddedLock.holder(join(where.dir, 'store.lock'));
    if (holder) {
      const busy = { pipeline: p.name, running: holder };
      process.stdout.write(flags.json ? `${JSON.stringify(busy)}\n` : `${p.name}: a sync is running (pid ${holder.pid}, ${holder.command}, since ${holder.since}); the embedded store can be read when it ends\n`);
      return ExitCode.ok;
    }
  }
  const store = await openPipelineStore(p, flags.state, `datong status ${file}`);
  try {
    const runs = await store.runs(p.name, Number(flags.limit ?? 10));
    const stages = await store.runStages(runs.map((r) => r.id));
    const cursors = await store.streamStates(p.name);
    const dead = await store.deadLetterCounts(p.name);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p.redactor.value({ pipeline: p.name, store: store.kind, runs: runs.map((r) => ({ ...r, stages: stages.filter((s) => s.run_id === r.id) })), cursors, deadLetters: dead }))}\n`);
      return ExitCode.ok;
    }
    const out: string[] = [`pipeline ${p.name} (state store: ${store.kind})`, '', 'runs (newest first):'];
    if (runs.length === 0) out.push('  none yet');
    for (const r of runs) {
      const took = r.finished_at ? `${((new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) / 1000).toFixed(1)}s` : 'running';
      out.push(`  ${r.id}  ${r.status.padEnd(11)} ${new Date(r.started_at).toISOString()}  ${took}`);
      for (const s of stages.filter((x) => x.run_id === r.id)) {
        out.push(`    ${s.stage.padEnd(14)} ${s.status.padEnd(11)} read ${s.records_read}, written ${s.written}, unchanged ${s.unchanged}, dead-lettered ${s.dead_lettered}`);
      }
      if (r.error) out.push(`    error: ${p.redactor.text(r.error)}`);
    }
    out.push('', 'cursors:');
    if (cursors.length === 0) out.push('  none yet');
    for (const c of cursors) out.push(`  ${c.stage} / ${c.stream}: ${JSON.stringify(c.state)} (run ${c.run_id})`);
    out.push('', 'open dead letters by reason:');
    if (dead.length === 0) out.push('  none');
    for (const d of dead) out.push(`  ${d.stage} ${d.code}: ${d.count}   e.g. ${d.example}`);
    process.stdout.write(`${out.join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

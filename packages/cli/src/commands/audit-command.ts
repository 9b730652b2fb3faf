import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/**
 * `datong audit <pipeline>`: the audit trail, newest first: operator actions (pause, resume,
 * rollback, review decisions, replays, repairs, discards) with who did them, and (with `--all`)
 * what runs did.
 */
export async function auditCommand(file: string, flags: { all?: boolean; limit?: string; json?: boolean; state?: string }): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong audit ${file}`);
  try {
    const rows = await store.events(p.name, { ...(flags.all ? {} : { kindPrefix: 'operator.' }), limit: Number(flags.limit ?? 50) });
    if (flags.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(p.redactor.value(r))}\n`);
      return ExitCode.ok;
    }
    if (rows.length === 0) process.stdout.write(flags.all ? 'no events\n' : 'no operator actions yet (--all shows runs too)\n');
    for (const r of rows) {
      const detail = JSON.stringify(p.redactor.value(r.detail));
      process.stdout.write(`${new Date(r.at).toISOString()}  ${r.actor.padEnd(12)} ${r.kind.replace(/^operator\./, '').padEnd(22)} ${r.run_id ?? ''} ${detail === '{}' ? '' : detail.slice(0, 200)}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

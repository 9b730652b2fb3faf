import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/** `datong dead-letters list <pipeline>`: each record set aside, where it came from and why. */
export async function deadLettersListCommand(
  file: string,
  flags: { json?: boolean; state?: string; stage?: string; code?: string; status?: string; limit?: string },
): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong dead-letters list ${file}`);
  try {
    const rows = await store.deadLetters(p.name, {
      status: flags.status === 'all' ? undefined : (flags.status ?? 'open'),
      stage: flags.stage,
      code: flags.code,
      limit: Number(flags.limit ?? 100),
    });
    if (flags.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(p.redactor.value(r))}\n`);
      return ExitCode.ok;
    }
    if (rows.length === 0) process.stdout.write('no dead letters\n');
    for (const r of rows) {
      const where = [r.stream, r.at, r.record_key ? `key ${r.record_key}` : undefined].filter(Boolean).join(' ');
      process.stdout.write(`#${r.id} [${r.stage}] ${where}\n  ${r.code}: ${p.redactor.text(r.reason)}\n  seen ${r.attempts}x, last in ${r.run_id}, ${r.status}\n`);
      if (r.raw) process.stdout.write(`  raw: ${p.redactor.text(r.raw).slice(0, 200)}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

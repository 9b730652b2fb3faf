import { replayDeadLetters } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';
import { exitCodeOf } from './run-command.js';

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
    if ((flags.status ?? 'open') === 'open' && rows.length > 0) {
      // Grouped by reason first: one fix usually settles a whole group.
      const groups = (await store.deadLetterCounts(p.name)).filter((g) => (!flags.stage || g.stage === flags.stage) && (!flags.code || g.code === flags.code));
      process.stdout.write('open dead letters by reason:\n');
      for (const g of groups) process.stdout.write(`  ${g.stage} ${g.code} x${g.count}   e.g. ${p.redactor.text(g.example).slice(0, 160)}\n`);
      process.stdout.write('\n');
    }
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

/** `datong dead-letters show <pipeline> <id>`: one dead letter in full, its record included. */
export async function deadLetterShowCommand(file: string, id: string, flags: { json?: boolean; state?: string }): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong dead-letters show ${file}`);
  try {
    const [r] = await store.deadLetters(p.name, { ids: [id], status: 'all' });
    if (!r) throw new ConfigError([{ message: `no dead letter #${id} in pipeline ${p.name} (datong dead-letters list ${file})` }]);
    const shown = p.redactor.value(r);
    if (flags.json) process.stdout.write(`${JSON.stringify(shown)}\n`);
    else {
      const lines = [
        `dead letter #${r.id} [${r.stage}] ${r.stream}${r.record_key ? ` key ${r.record_key}` : ''}${r.at ? ` at ${r.at}` : ''}: ${r.status}`,
        `  ${r.code}: ${p.redactor.text(r.reason)}`,
        `  seen ${r.attempts}x, first ${new Date(r.created_at).toISOString()}, last in ${r.run_id}`,
        ...(r.payload ? ['  record:', ...JSON.stringify(shown.payload, null, 2).split('\n').map((l) => `    ${l}`)] : []),
        ...(r.raw ? [`  raw: ${p.redactor.text(r.raw)}`] : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

export interface DeadLetterActionFlags {
  stage?: string;
  code?: string;
  all?: boolean;
  reason?: string;
  actor?: string;
  json?: boolean;
  state?: string;
  verbose?: boolean;
}

/** `datong dead-letters replay <pipeline> [id...]`: runs them again through the current mapping and the write protocol. */
export async function deadLettersReplayCommand(file: string, ids: string[], flags: DeadLetterActionFlags): Promise<number> {
  needSelection('replay', ids, flags);
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong dead-letters replay ${file}`);
  try {
    const report = await replayDeadLetters(p, store, { ...(ids.length ? { ids } : {}), ...(flags.stage ? { stage: flags.stage } : {}), ...(flags.code ? { code: flags.code } : {}) }, {
      actor: actorOf(flags), logger: cliLogger(p.redactor, flags),
    });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p.redactor.value(report))}\n`);
    } else {
      process.stdout.write(`replayed ${report.replayed} dead letter(s)${report.run ? ` in run ${report.run.runId}: ${report.run.counts.written} written (${report.run.counts.created} created), ${report.run.counts.held} held for review, ${report.run.counts.deadLettered} dead-lettered again` : ''}\n`);
      for (const n of report.notReplayable) process.stdout.write(`  #${n.id} [${n.stage}] ${n.code}: not replayable: ${n.why}\n`);
    }
    return report.run ? exitCodeOf(report.run) : ExitCode.ok;
  } finally {
    await store.close();
  }
}

/** `datong dead-letters discard <pipeline> [id...] --reason`: sets them aside for good (recorded in the audit trail). */
export async function deadLettersDiscardCommand(file: string, ids: string[], flags: DeadLetterActionFlags): Promise<number> {
  needSelection('discard', ids, flags);
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong dead-letters discard ${file}`);
  try {
    const chosen = ids.length > 0 ? ids : (await store.deadLetters(p.name, { status: 'open', stage: flags.stage, code: flags.code, limit: 100_000 })).map((r) => String(r.id));
    const n = await store.discardDeadLetters(p.name, chosen, actorOf(flags), flags.reason);
    process.stdout.write(`discarded ${n} dead letter(s)${chosen.length > n ? ` (${chosen.length - n} were not open)` : ''}\n`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

function needSelection(action: string, ids: string[], flags: DeadLetterActionFlags): void {
  if (ids.length === 0 && !flags.all && !flags.stage && !flags.code) {
    throw new ConfigError([{ message: `name the dead letters to ${action} (ids from datong dead-letters list), or select them with --stage / --code, or --all` }]);
  }
}

import { explainRecord } from '@datong/core';
import { formatDiff } from '@datong/core';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/** `datong explain <pipeline> <source-key>`: one record's story, from its channel to the sink. */
export async function explainCommand(file: string, key: string, flags: { json?: boolean; state?: string }): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong explain ${file}`);
  try {
    const lineage = await explainRecord(p, store, key);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(p.redactor.value(lineage))}\n`);
      return ExitCode.ok;
    }
    const lines = [`${key} in ${p.name}${lineage.keys.length > 1 ? ` (also known as ${lineage.keys.filter((k) => k !== key).join(', ')})` : ''}:`];
    if (lineage.events.length === 0) lines.push('  nothing recorded: no run has read, written, held or dead-lettered a record with this key');
    for (const e of lineage.events) {
      lines.push(`  ${e.at}  ${e.kind.padEnd(11)} ${e.stage ? `[${e.stage}] ` : ''}${p.redactor.text(e.summary)}${e.runId ? `  (${e.runId})` : ''}`);
      const diff = e.detail?.diff as { field: string; before: unknown; after: unknown }[] | undefined;
      if (diff) for (const d of formatDiff(diff)) lines.push(`      ${p.redactor.text(d)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}

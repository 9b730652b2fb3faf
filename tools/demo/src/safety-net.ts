import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@datong/store';

/**
 * The demo's "operating safely" part, the helpers that are not `datong` commands: the mapping
 * mistake a colleague makes (and takes back), and the id of the latest run (to roll it back).
 */
export function breakDealMap(project: string): () => void {
  const file = join(project, 'mappings', 'order-to-deal.yaml');
  const good = readFileSync(file, 'utf8');
  const bad = good.replace(/^(\s+)completed: closedwon$/m, '$1completed: closedlost');
  if (bad === good) throw new Error('the deal map no longer maps completed to closedwon: update the demo');
  writeFileSync(file, bad);
  return () => writeFileSync(file, good);
}

/** The id of the pipeline's latest run of this kind (read after the command that made it has closed the store). */
export async function latestRun(project: string, pipeline: string, kind = 'sync'): Promise<string> {
  const store = await openStore({ dir: join(project, '.datong'), command: 'pnpm demo' });
  try {
    const run = (await store.runs(pipeline, 20)).find((r) => r.kind === kind);
    if (!run) throw new Error(`no ${kind} run of ${pipeline}`);
    return run.id;
  } finally {
    await store.close();
  }
}

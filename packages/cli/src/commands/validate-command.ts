import { inPipeline, unknownStreamError } from '@datong/core';
import { createPluginContext } from '@datong/sdk';
import { openPipeline } from '../open-pipeline.js';
import { ExitCode } from '../exit-codes.js';

/**
 * `datong validate <pipeline>`: the file against its schema, every plugin and config, the stage
 * references, and each source's streams, without writing anything.
 */
export async function validateCommand(file: string, flags: { json?: boolean }): Promise<number> {
  const p = await openPipeline(file);
  // Each source is opened and checked once, however many stages read it.
  const offered = new Map<string, string[]>();
  for (const [name, endpoint] of p.sources) {
    const conn = await inPipeline(p, 'sources', name, () => endpoint.plugin.plugin.source!.open(endpoint.config, createPluginContext({
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      baseDir: p.loaded.dir,
      fault: () => undefined,
      redactor: p.redactor,
    })));
    try {
      await inPipeline(p, 'sources', name, async () => conn.check?.());
      offered.set(name, (await inPipeline(p, 'sources', name, () => conn.streams())).map((s) => s.spec.name));
    } finally {
      await conn.close?.();
    }
  }
  const streams: string[] = [];
  for (const stage of p.stages) {
    for (const [i, ref] of stage.from.entries()) {
      const names = offered.get(ref.source) ?? [];
      if (!names.includes(ref.stream)) throw unknownStreamError(p, stage, i, names);
      streams.push(ref.id);
    }
  }
  const result = { pipeline: p.name, file: p.loaded.file, stages: p.stages.map((s) => s.spec.name), streams, valid: true };
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${p.loaded.file} is valid: ${p.stages.length} stage(s) (${result.stages.join(' -> ')}), streams ${streams.join(', ')}\n`);
  return ExitCode.ok;
}

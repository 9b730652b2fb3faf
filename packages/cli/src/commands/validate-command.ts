import { inPipeline } from '@datong/core';
import { ConfigError } from '@datong/sdk';
import { openPipeline } from '../open-pipeline.js';
import { ExitCode } from '../exit-codes.js';

/**
 * `datong validate <pipeline>`: the file against its schema, every plugin and config, the stage
 * references, and each source's streams, without writing anything.
 */
export async function validateCommand(file: string, flags: { json?: boolean }): Promise<number> {
  const p = await openPipeline(file);
  const streams: string[] = [];
  for (const stage of p.stages) {
    for (const ref of stage.from) {
      const endpoint = p.sources.get(ref.source)!;
      const conn = await inPipeline(p, 'sources', ref.source, () => endpoint.plugin.plugin.source!.open(endpoint.config, {
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        baseDir: p.loaded.dir,
        signal: new AbortController().signal,
        fault: () => undefined,
      }));
      try {
        await inPipeline(p, 'sources', ref.source, async () => conn.check?.());
        const offered = (await inPipeline(p, 'sources', ref.source, () => conn.streams())).map((s) => s.spec.name);
        if (!offered.includes(ref.stream)) {
          const pointer = Array.isArray(stage.spec.from) ? `/stages/${stage.index}/from/${stage.from.indexOf(ref)}` : `/stages/${stage.index}/from`;
          throw new ConfigError([{ ...p.loaded.locate(pointer), pointer, message: `source "${ref.source}" has no stream "${ref.stream}" (streams: ${offered.join(', ') || 'none'})` }]);
        }
        streams.push(ref.id);
      } finally {
        await conn.close?.();
      }
    }
  }
  const result = { pipeline: p.name, file: p.loaded.file, stages: p.stages.map((s) => s.spec.name), streams, valid: true };
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${p.loaded.file} is valid: ${p.stages.length} stage(s) (${result.stages.join(' -> ')}), streams ${streams.join(', ')}\n`);
  return ExitCode.ok;
}

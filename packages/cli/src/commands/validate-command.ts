import { inPipeline, unknownStreamError } from '@datong/core';
import { unmappedValues } from '@datong/mapping';
import { ConfigError, createPluginContext, type ConfigLocation, type StreamSpec } from '@datong/sdk';
import { openPipeline } from '../open-pipeline.js';
import { ExitCode } from '../exit-codes.js';

/**
 * `datong validate <pipeline>`: the file against its schema, every plugin and config, the stage
 * references, each source's streams, and every value map against the enums of the stream it
 * reads: a status, tier or refund value the source can send and the map does not list fails the
 * check, named with the line of the map to fix. Nothing is written.
 */
export async function validateCommand(file: string, flags: { json?: boolean }): Promise<number> {
  const p = await openPipeline(file);
  // Each source is opened and checked once, however many stages read it.
  const offered = new Map<string, StreamSpec[]>();
  for (const [name, endpoint] of p.sources) {
    const conn = await inPipeline(p, 'sources', name, () => endpoint.plugin.plugin.source!.open(endpoint.config, createPluginContext({
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      baseDir: p.loaded.dir,
      fault: () => undefined,
      redactor: p.redactor,
    })));
    try {
      await inPipeline(p, 'sources', name, async () => conn.check?.());
      offered.set(name, (await inPipeline(p, 'sources', name, () => conn.streams())).map((s) => s.spec));
    } finally {
      await conn.close?.();
    }
  }
  const streams: string[] = [];
  const unmapped: (ConfigLocation & { message: string })[] = [];
  for (const stage of p.stages) {
    const mapping = stage.mapping;
    for (const [i, ref] of stage.from.entries()) {
      const specs = offered.get(ref.source) ?? [];
      const spec = specs.find((s) => s.name === ref.stream);
      if (!spec) throw unknownStreamError(p, stage, i, specs.map((s) => s.name));
      streams.push(ref.id);
      for (const u of mapping ? unmappedValues(mapping, spec.schema) : []) {
        unmapped.push({
          ...(u.file === undefined ? {} : { file: u.file }), ...(u.line === undefined ? {} : { line: u.line }),
          pointer: `/stages/${stage.index}/map/${u.field}`,
          message: `stage ${stage.spec.name}: ${ref.id} can send ${u.sourceField} = ${JSON.stringify(u.value)}, which the map of "${u.field}" does not list`,
        });
      }
    }
  }
  if (unmapped.length > 0) throw new ConfigError(unmapped);
  const result = { pipeline: p.name, file: p.loaded.file, stages: p.stages.map((s) => s.spec.name), streams, valid: true };
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${p.loaded.file} is valid: ${p.stages.length} stage(s) (${result.stages.join(' -> ')}), streams ${streams.join(', ')}\n`);
  return ExitCode.ok;
}

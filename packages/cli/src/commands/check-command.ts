import { inPipeline } from '@datong/core';
import { createPluginContext, DatongError, type PluginContext, type SinkConnection, type SourceConnection } from '@datong/sdk';
import { cliLogger } from '../cli-logger.js';
import { ExitCode } from '../exit-codes.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

interface EndpointCheck { kind: 'source' | 'sink'; name: string; plugin: string; ok: boolean; message: string; streams?: string[] }

/**
 * `datong check <pipeline>`: connects to every source and sink with its real credentials (a
 * rotated refresh token kept in the store included) and runs the plugin's own check, reporting
 * each one; nothing is read or written.
 */
export async function checkCommand(file: string, flags: { json?: boolean; state?: string; verbose?: boolean }): Promise<number> {
  const p = await openPipeline(file);
  const store = await openPipelineStore(p, flags.state, `datong check ${file}`);
  const logger = cliLogger(p.redactor, { verbose: flags.verbose, quiet: !flags.verbose });
  const results: EndpointCheck[] = [];
  const ctx = (kind: 'sources' | 'sinks', name: string): PluginContext => createPluginContext({
    logger, baseDir: p.loaded.dir, redactor: p.redactor, state: store.pluginState(p.name, `${kind}.${name}`),
  });
  try {
    for (const [kind, endpoints] of [['sources', p.sources], ['sinks', p.sinks]] as const) {
      for (const [name, endpoint] of endpoints) {
        const part = kind === 'sources' ? 'source' : 'sink';
        const result: EndpointCheck = { kind: part, name, plugin: endpoint.plugin.name, ok: true, message: 'ok' };
        try {
          const plugin = endpoint.plugin.plugin;
          const conn: SourceConnection | SinkConnection = await inPipeline<SourceConnection | SinkConnection>(p, kind, name, () => (kind === 'sources'
            ? plugin.source!.open(endpoint.config, ctx(kind, name))
            : plugin.sink!.open(endpoint.config, ctx(kind, name))));
          try {
            const check = conn.check?.bind(conn);
            if (check) await inPipeline(p, kind, name, () => check());
            else result.message = 'opened (the plugin has no check of its own)';
            if ('streams' in conn) result.streams = (await conn.streams()).map((s) => s.spec.name);
          } finally {
            await conn.close?.();
          }
        } catch (error) {
          result.ok = false;
          result.message = p.redactor.text(error instanceof DatongError ? `${error.code}: ${error.message}` : (error as Error).message);
        }
        results.push(result);
      }
    }
  } finally {
    await store.close();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify({ pipeline: p.name, ok: results.every((r) => r.ok), results })}\n`);
  else {
    for (const r of results) {
      const streams = r.streams ? ` (streams: ${r.streams.join(', ')})` : '';
      process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.kind} ${r.name} [${r.plugin}]: ${r.message}${streams}\n`);
    }
  }
  return results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failed;
}

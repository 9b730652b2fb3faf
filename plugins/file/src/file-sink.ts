import { access, constants, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, defineSink } from '@datong/sdk';
import { FileSinkObject } from './file-sink-object.js';
import type { FileSinkConfig } from './generated/sink-config.js';
import { RunWorkbook } from './run-workbook.js';
import { sinkFormat } from './sink-format.js';

/**
 * The file sink: each object is one file in `dir` (see `FileSinkObject`), NDJSON, CSV or XLSX;
 * with `workbook:` set, each run that changed something also leaves one XLSX workbook with a sheet
 * per object (see `RunWorkbook`).
 *
 * @example
 *   sinks: { rescue: { plugin: "@datong/plugin-file", config: { dir: out/, format: xlsx } } }
 *   sinks: { rescue: { plugin: "@datong/plugin-file", config: { dir: out/, workbook: "crm-{date}-{time}.xlsx" } } }
 */
export const fileSink = defineSink<FileSinkConfig>({
  async open(config, ctx) {
    const dir = resolve(ctx.baseDir, config.dir);
    const format = sinkFormat(config);
    const ensureDir = async (): Promise<void> => {
      try {
        await mkdir(dir, { recursive: true });
        await access(dir, constants.W_OK);
      } catch (error) {
        throw new ConfigError([{ file: dir, pointer: '/dir', message: `cannot be created or written: ${(error as Error).message}` }], { cause: error });
      }
    };
    // One object per file: two would each rewrite the file from their own copy and lose writes.
    const objects = new Map<string, Promise<FileSinkObject>>();
    const workbook = config.workbook === undefined ? undefined : new RunWorkbook(dir, config.workbook, ctx.logger);
    return {
      async object(spec) {
        // Read-only (a dry run, a reconciliation): no folder made; a missing file holds nothing.
        // It never writes, so it may load its own copy of the file.
        if (spec.readOnly) return FileSinkObject.open(spec, dir, format, { delimiter: config.delimiter ?? ',', logger: ctx.logger });
        await ensureDir();
        let object = objects.get(spec.name);
        if (object === undefined) {
          object = FileSinkObject.open(spec, dir, format, { delimiter: config.delimiter ?? ',', logger: ctx.logger });
          objects.set(spec.name, object);
          object.catch(() => objects.delete(spec.name));
        }
        return object;
      },
      check: ensureDir,
      // The run is over: its workbook, if the config asks for one, holds every object it wrote to.
      async close() {
        if (workbook === undefined) return;
        const opened = await Promise.allSettled(objects.values());
        await workbook.write(opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])));
      },
    };
  },
});

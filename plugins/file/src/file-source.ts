import { access, constants } from 'node:fs/promises';
import { ConfigError, defineSource } from '@datong/sdk';
import { listFiles } from './file-list.js';
import { FileStream } from './file-stream.js';
import type { FileSourceConfig } from './generated/source-config.js';
import { resolveStream, type StreamConfig } from './stream-config.js';

/**
 * The file source: one stream per entry of `config.streams`, each a CSV, NDJSON or XLSX file,
 * folder or glob (see `FileStream`). Paths resolve against the pipeline file's folder.
 *
 * @example
 *   streams: { orders: { path: exports/orders-*.csv, key: [order_no], cursorField: updated_at } }
 */
export const fileSource = defineSource<FileSourceConfig>({
  async open(config, ctx) {
    const streams: StreamConfig[] = [];
    for (const [name, stream] of Object.entries(config.streams)) streams.push(await resolveStream(name, stream, ctx.baseDir));
    return {
      async streams() {
        return streams.map((stream) => new FileStream(stream));
      },
      async check() {
        for (const stream of streams) await checkStream(stream);
      },
    };
  },
});

// Every path exists and every file it lists can be opened for reading.
async function checkStream(stream: StreamConfig): Promise<void> {
  for (const file of await listFiles(stream)) {
    await access(file.path, constants.R_OK).catch((error: unknown) => {
      throw new ConfigError([{ file: file.path, pointer: `${stream.pointer}/path`, message: 'cannot be read' }], { cause: error });
    });
  }
}

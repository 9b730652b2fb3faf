import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { DatongError, recordKey, type DataRecord, type Logger, type SinkObjectSpec } from '@datong/sdk';
import { readRows } from './file-reader.js';
import { restoreTypes } from './restore-types.js';
import type { SinkFormat } from './sink-format.js';

/**
 * The records of an existing export file, by key, in file order: what a sink object starts from.
 * A missing file is an empty export. A row that cannot be read, or has no key, stops the sink:
 * rewriting the file without it would lose it silently (it was most likely edited by hand).
 */
export async function loadRecords(
  path: string,
  format: SinkFormat,
  spec: SinkObjectSpec,
  options: { delimiter: string; logger?: Logger },
): Promise<Map<string, DataRecord>> {
  const records = new Map<string, DataRecord>();
  if ((await stat(path).catch(() => undefined)) === undefined) return records;
  const name = basename(path);
  const input = createReadStream(path);
  try {
    // Read back with detection: the file may predate a change of the sink's encoding.
    const rows = readRows(format.format, input, { name, encoding: 'auto', delimiter: options.delimiter, columns: {}, pointer: '', ...(options.logger === undefined ? {} : { logger: options.logger }) });
    for await (const { item } of rows) {
      if ('invalid' in item) throw unreadable(path, `${item.at ?? name}: ${item.invalid}`);
      const record = format.restoresTypes ? restoreTypes(item.record, spec.schema) : item.record;
      let key: string;
      try {
        key = recordKey(record, spec.key);
      } catch (error) {
        throw unreadable(path, `${item.at ?? name}: ${(error as Error).message}`, error);
      }
      records.set(key, record);
    }
  } finally {
    input.destroy();
  }
  return records;
}

function unreadable(path: string, detail: string, cause?: unknown): DatongError {
  return new DatongError(`the existing export ${path} cannot be loaded (${detail}); fix or move the file`, { code: 'SINK_FILE_UNREADABLE', cause });
}

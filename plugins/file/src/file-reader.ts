import type { Readable } from 'node:stream';
import { readCsv } from './csv-reader.js';
import { readNdjson } from './ndjson-reader.js';
import type { ReaderOptions, RowItem } from './row-item.js';
import type { FileFormat } from './stream-config.js';
import { readXlsx } from './xlsx-reader.js';

/** Reads one file of the given format as rows, streaming from `input` (a file's read stream). */
export function readRows(format: FileFormat, input: Readable, options: ReaderOptions): AsyncGenerator<RowItem> {
  switch (format) {
    case 'csv':
      return readCsv(input, options);
    case 'ndjson':
      return readNdjson(input, options);
    case 'xlsx':
      return readXlsx(input, options);
  }
}

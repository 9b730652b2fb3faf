import type { DataRecord, SinkObjectSpec } from '@datong/sdk';
import { csvWriter } from './csv-writer.js';
import type { FileSinkConfig } from './generated/sink-config.js';
import { ndjsonWriter } from './ndjson-writer.js';
import type { FileFormat } from './stream-config.js';
import { xlsxWriter } from './xlsx-writer.js';

/** How the sink writes one format: the file's extension, its whole content, and what it cannot hold. */
export interface SinkFormat {
  format: FileFormat;
  extension: string;
  /** The whole file for these records, in order. */
  encode(records: DataRecord[], spec: SinkObjectSpec): Promise<Uint8Array>;
  /** Why this record cannot be written in this format (it is refused, not mangled), if so. */
  refuse(record: DataRecord): string | undefined;
  /** Read-back gives values their schema types again (CSV holds only text). */
  restoresTypes: boolean;
}

export function sinkFormat(config: FileSinkConfig): SinkFormat {
  switch (config.format ?? 'ndjson') {
    case 'csv':
      return csvWriter(config.encoding ?? 'utf8', config.delimiter ?? ',');
    case 'xlsx':
      return xlsxWriter();
    case 'ndjson':
      return ndjsonWriter();
  }
}

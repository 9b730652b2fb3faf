import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { DataRecord } from '@datong/sdk';
import { sinkColumns } from './sink-columns.js';
import type { SinkFormat } from './sink-format.js';

export type CsvSinkEncoding = 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030';

/**
 * CSV with a header row and CRLF line ends (RFC 4180, and what Excel writes). Numbers and
 * booleans are written as text, nested values as JSON, null and missing fields as empty cells.
 * `utf8-bom` starts the file with a BOM so Excel on Chinese Windows does not read it as GBK; a
 * record with a character GBK has no code for is refused under `gbk` rather than written as `?`.
 */
export function csvWriter(encoding: CsvSinkEncoding, delimiter: string): SinkFormat {
  return {
    format: 'csv',
    extension: '.csv',
    restoresTypes: true,
    async encode(records, spec) {
      const columns = sinkColumns(records, spec.schema);
      const rows = records.map((record) => columns.map((column) => cellText(record[column])));
      const text = stringify([columns, ...rows], { delimiter, record_delimiter: 'windows' });
      if (encoding === 'utf8') return Buffer.from(text, 'utf8');
      if (encoding === 'utf8-bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
      return iconv.encode(text, encoding);
    },
    refuse(record) {
      if (encoding !== 'gbk') return undefined;
      for (const [field, value] of Object.entries(record)) {
        const text = cellText(value);
        if (iconv.decode(iconv.encode(text, 'gbk'), 'gbk') !== text) {
          return `field "${field}" holds characters GBK cannot encode: write this object with encoding gb18030 or utf8-bom`;
        }
      }
      return undefined;
    },
  };
}

function cellText(value: DataRecord[string]): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

import { ConfigError, type DataRecord, type Logger, type SourceItem } from '@datong/sdk';
import type { DeclaredEncoding } from './encoding.js';

/**
 * One row a reader found: the item for the engine and the row's position in its file (the last
 * physical line a CSV record spans, the NDJSON line, the XLSX row number). Positions only grow,
 * so a resumed read skips every row at or before the saved one.
 */
export interface RowItem {
  item: SourceItem;
  line: number;
}

/** How a reader parses one file. */
export interface ReaderOptions {
  /** The file's name: used in `at` and in messages. */
  name: string;
  encoding: DeclaredEncoding;
  delimiter: string;
  sheet?: string;
  /** Header mapping: file header to field name. */
  columns: Record<string, string>;
  /** JSON pointer of the stream's config, for messages. */
  pointer: string;
  logger?: Logger;
}

/** The most raw text an invalid item carries: enough to recognise the row, not a whole file. */
export const RAW_LIMIT = 4096;

export function invalidRow(reason: string, raw: string, name: string, line: number, position = line): RowItem {
  const cut = raw.length > RAW_LIMIT ? `${raw.slice(0, RAW_LIMIT)}… (${raw.length} characters)` : raw;
  return { item: { invalid: reason, raw: cut, at: `${name}:${line}` }, line: position };
}

/**
 * The record field names for a header row: mapped through `columns`, unnamed columns called
 * `column_<n>`. Two columns that would fill the same field make the file unreadable as written.
 */
export function fieldNames(headers: readonly string[], options: ReaderOptions): string[] {
  const names = headers.map((header, i) => (header === '' ? `column_${i + 1}` : (options.columns[header] ?? header)));
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) {
      throw new ConfigError([
        {
          file: options.name,
          pointer: `${options.pointer}/columns`,
          message: `columns ${first + 1} and ${i + 1} of the header both become field "${name}": rename one in the file or map it with columns`,
        },
      ]);
    }
    seen.set(name, i);
  });
  return names;
}

/**
 * A record from header names and cell values. Empty cells become absent fields, not empty
 * strings, so a schema's `required` catches them; nothing else is trimmed or changed.
 */
export function buildRecord(names: readonly string[], cells: readonly unknown[]): DataRecord | undefined {
  const record: DataRecord = {};
  let filled = 0;
  cells.forEach((cell, i) => {
    if (cell === undefined || cell === null || cell === '') return;
    record[names[i] ?? `column_${i + 1}`] = cell;
    filled += 1;
  });
  // A row of nothing but empty cells (Excel's trailing ",,,," lines) carries no data at all.
  return filled === 0 ? undefined : record;
}

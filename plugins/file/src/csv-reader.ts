import { parse } from 'csv-parse/sync';
import { ConfigError } from '@datong/sdk';
import { CsvRecordSplitter, type RawRecord } from './csv-record-splitter.js';
import { FileDecoder } from './encoding.js';
import { buildRecord, fieldNames, invalidRow, type ReaderOptions, type RowItem } from './row-item.js';

/**
 * Reads one CSV file as rows, streaming: bytes are decoded chunk by chunk (see `FileDecoder`),
 * cut into records (see `CsvRecordSplitter`) and parsed by csv-parse a chunk of records at a
 * time. The first record is the header. A record csv-parse rejects, or with a different number
 * of fields than the header, comes back as an invalid item and reading goes on.
 */
export async function* readCsv(input: AsyncIterable<Buffer>, options: ReaderOptions): AsyncGenerator<RowItem> {
  const decoder = new FileDecoder({ encoding: options.encoding, file: options.name, pointer: `${options.pointer}/encoding`, logger: options.logger });
  const splitter = new CsvRecordSplitter(options.delimiter);
  const rows = new CsvRows(options);
  for await (const chunk of input) {
    yield* rows.from(splitter.push(decoder.write(chunk)), false);
  }
  const last = splitter.push(decoder.end());
  yield* rows.from([...last, ...splitter.end()], decoder.endedMidCharacter);
}

// Turns raw records into items, remembering the header.
class CsvRows {
  private names: string[] | undefined;

  constructor(private readonly options: ReaderOptions) {}

  *from(records: RawRecord[], cutMidCharacter: boolean): Generator<RowItem> {
    const parsed = parseFields(records, this.options.delimiter);
    for (let i = 0; i < records.length; i += 1) {
      const record = records[i]!;
      const fields = parsed[i]!;
      const truncated = !record.terminated && cutMidCharacter;
      if (this.names === undefined) {
        this.names = this.header(record, fields);
        continue;
      }
      const item = this.row(record, fields, truncated);
      if (item !== undefined) yield item;
    }
  }

  private header(record: RawRecord, fields: string[] | string): string[] {
    if (typeof fields === 'string' || record.broken !== undefined) {
      throw new ConfigError([
        { file: this.options.name, line: record.startLine, message: `the header row cannot be read: ${record.broken ?? fields}` },
      ]);
    }
    return fieldNames(fields, this.options);
  }

  private row(record: RawRecord, fields: string[] | string, truncated: boolean): RowItem | undefined {
    const { name } = this.options;
    const names = this.names!;
    const at = (reason: string): RowItem => invalidRow(reason, record.text, name, record.startLine, record.endLine);
    if (record.broken !== undefined) return at(record.broken);
    if (typeof fields === 'string') return at(fields);
    if (truncated) return at('the file ends in the middle of a character in this row: it was cut off');
    if (fields.length !== names.length) {
      const cut = record.terminated ? '' : ' (it is the last line and has no line end: is the file cut off?)';
      return at(`the row has ${fields.length} field(s), the header has ${names.length}${cut}`);
    }
    const values = buildRecord(names, fields);
    return values === undefined ? undefined : { item: { record: values, at: `${name}:${record.startLine}` }, line: record.endLine };
  }
}

/**
 * The fields of each record, or the reason csv-parse gave for rejecting it. A record without a
 * quote is split on the delimiter directly: that is all csv-parse would do with it, at a tenth of
 * the cost, and most rows of an export have no quotes. The others go to csv-parse in one call;
 * only when that fails is each parsed alone, to find the bad ones.
 */
function parseFields(records: RawRecord[], delimiter: string): (string[] | string)[] {
  const fields: (string[] | string)[] = records.map((r) => (r.broken !== undefined ? [] : r.text.includes('"') ? '' : r.text.split(delimiter)));
  const quoted = records.flatMap((r, i) => (r.broken === undefined && fields[i] === '' ? [i] : []));
  if (quoted.length === 0) return fields;
  try {
    const rows = parseText(quoted.map((i) => records[i]!.text).join('\n'), delimiter);
    if (rows.length === quoted.length) {
      quoted.forEach((i, n) => (fields[i] = rows[n]!));
      return fields;
    }
  } catch {
    // one of them is malformed: fall through and find which
  }
  for (const i of quoted) {
    try {
      fields[i] = parseText(records[i]!.text, delimiter)[0] ?? [''];
    } catch (error) {
      fields[i] = describe(error);
    }
  }
  return fields;
}

function parseText(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, record_delimiter: '\n', relax_column_count: true, skip_empty_lines: false, bom: false });
}

// csv-parse's messages count lines within the snippet it was given; say what is wrong instead.
function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'CSV_INVALID_CLOSING_QUOTE') return 'a quoted field is followed by text before the next delimiter (a stray quote?)';
  if (code === 'INVALID_OPENING_QUOTE') return 'a quote appears inside an unquoted field (quote the field and double the quote)';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  return error instanceof Error ? error.message : String(error);
}

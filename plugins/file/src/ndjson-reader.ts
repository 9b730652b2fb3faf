import type { DataRecord } from '@datong/sdk';
import { FileDecoder } from './encoding.js';
import { invalidRow, type ReaderOptions, type RowItem } from './row-item.js';

// A line this long is not a record anyone meant to write; it is reported and skipped, so a file
// without newlines cannot fill the memory.
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Reads one NDJSON (JSON Lines) file, line by line in constant memory. NDJSON is UTF-8 by
 * definition. Blank lines are skipped; a line that is not JSON, or is JSON but not an object,
 * comes back as an invalid item and reading goes on. Values keep their JSON types; `columns`
 * renames top-level fields.
 */
export async function* readNdjson(input: AsyncIterable<Buffer>, options: ReaderOptions): AsyncGenerator<RowItem> {
  const decoder = new FileDecoder({ encoding: 'utf8', file: options.name, pointer: options.pointer, logger: options.logger });
  // The text of a line that spans chunks, kept in pieces so a long line is joined once, not per chunk.
  let pieces: string[] = [];
  let pending = 0;
  let line = 0;
  let discarding = false;
  const take = (tail: string): string => {
    const whole = pieces.length === 0 ? tail : pieces.join('') + tail;
    pieces = [];
    pending = 0;
    return whole;
  };
  for await (const chunk of input) {
    const text = decoder.write(chunk);
    let from = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
      line += 1;
      const whole = take(text.slice(from, newline));
      from = newline + 1;
      if (discarding) {
        discarding = false;
        continue;
      }
      const item = parseLine(whole, line, true, options);
      if (item !== undefined) yield item;
    }
    if (discarding || from === text.length) continue;
    pieces.push(text.slice(from));
    pending += text.length - from;
    if (pending > MAX_LINE_CHARS) {
      yield invalidRow(`the line is longer than ${MAX_LINE_CHARS} characters`, take(''), options.name, line + 1);
      discarding = true;
    }
  }
  const rest = take(decoder.end());
  if (!discarding && rest.length > 0) {
    const item = parseLine(rest, line + 1, false, options);
    if (item !== undefined) yield item;
  }
}

function parseLine(raw: string, line: number, terminated: boolean, options: ReaderOptions): RowItem | undefined {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const cut = terminated ? '' : ' (it is the last line and has no line end: is the file cut off?)';
    return invalidRow(`the line is not valid JSON: ${(error as Error).message}${cut}`, text, options.name, line);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return invalidRow(`the line is JSON but ${kind}, not an object`, text, options.name, line);
  }
  return { item: { record: rename(value as DataRecord, options.columns), at: `${options.name}:${line}` }, line };
}

function rename(record: DataRecord, columns: Record<string, string>): DataRecord {
  if (Object.keys(columns).length === 0) return record;
  const out: DataRecord = {};
  for (const [field, value] of Object.entries(record)) out[columns[field] ?? field] = value;
  return out;
}

import type { DataRecord } from '@datong/sdk';
import type { TableColumn } from './table-columns.js';

const NEEDS_ESCAPE = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/** Big enough that the socket gets few, large writes; small enough not to hold a batch twice. */
const CHUNK_CHARS = 256 * 1024;

/**
 * The records as COPY text format (tab-separated, `\N` for null), in chunks of about 256 KB.
 * A json or jsonb column gets the value's JSON (so the string "a" is stored as the JSON string
 * "a", as json_populate_recordset would); any other column gets the value's text, objects as JSON.
 */
export function* copyTextChunks(records: readonly DataRecord[], columns: readonly TableColumn[]): Generator<string> {
  const names = columns.map((c) => c.name);
  const encoders = columns.map((c) => (c.udtName === 'json' || c.udtName === 'jsonb' ? encodeJson : encodeScalar));
  let chunk = '';
  for (const record of records) {
    let line = '';
    for (let i = 0; i < names.length; i++) {
      if (i > 0) line += '\t';
      line += encoders[i]!(record[names[i]!]);
    }
    chunk += `${line}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function encodeJson(value: unknown): string {
  return value === null || value === undefined ? '\\N' : escape(JSON.stringify(value));
}

function encodeScalar(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  switch (typeof value) {
    case 'string':
      return escape(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      // `true` rather than `t`: a text column then holds what the JSON path would store.
      return value ? 'true' : 'false';
    default:
      return escape(value instanceof Date ? value.toISOString() : JSON.stringify(value));
  }
}

/** Backslash, tab, CR and LF are the only characters COPY's text format treats specially. */
function escape(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c] ?? c) : text;
}

import { escapeIdentifier } from 'pg';
import type { ValueKind } from './column-type.js';
import type { TableColumn } from './table-columns.js';

/** How to select one column and turn what the driver returns into the record's JSON value. */
export interface ColumnCodec {
  name: string;
  /** The select-list entry, aliased to the column's name. */
  select: string;
  decode(value: unknown): unknown;
}

/**
 * The codec of a column: the SQL renders every value whose driver parsing differs between pg and
 * PGlite (or loses information) as text, and `decode` turns that text into the JSON shape
 * `kind` asks for. So a record written and read back compares equal to what was written:
 * timestamptz comes back as ISO-8601 in UTC with `Z` (milliseconds, or microseconds where
 * the value has them), numeric as Postgres prints it (a number where the schema says number),
 * bigint as a number while it is a safe integer, json and jsonb parsed.
 */
export function columnCodec(column: TableColumn, kind: ValueKind): ColumnCodec {
  const ref = escapeIdentifier(column.name);
  const as = (expr: string, decode: (value: unknown) => unknown): ColumnCodec => ({
    name: column.name,
    select: `${expr} AS ${ref}`,
    decode: (value) => (value === null || value === undefined ? null : decode(value)),
  });
  switch (column.udtName) {
    case 'timestamptz':
      return as(finite(ref, `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`), isoText);
    case 'timestamp':
      return as(finite(ref, `to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`), isoText);
    case 'date':
      return as(finite(ref, `to_char(${ref}, 'YYYY-MM-DD')`), String);
    case 'json':
    case 'jsonb':
      return as(`${ref}::text`, (v) => (typeof v === 'string' ? JSON.parse(v) : v));
    case 'numeric':
    case 'int8':
      return as(`${ref}::text`, numberAs(kind));
    case 'int2':
    case 'int4':
    case 'float4':
    case 'float8':
    case 'oid':
      return as(ref, numberAs(kind));
    case 'bool':
      return as(ref, (v) => (typeof v === 'string' ? v === 't' || v === 'true' : v));
    default:
      // Arrays as JSON so both drivers agree on them; everything else as Postgres prints it.
      return column.dataType === 'ARRAY'
        ? as(`to_jsonb(${ref})::text`, (v) => JSON.parse(String(v)))
        : as(`${ref}::text`, String);
  }
}

/**
 * The codec of a column the table does not have yet (an object opened read-only, whose schema has
 * outgrown its table): it reads as null, as it would once a run adds the column.
 */
export function absentColumnCodec(name: string): ColumnCodec {
  return { name, select: `NULL AS ${escapeIdentifier(name)}`, decode: () => null };
}

/** to_char has no spelling for infinity and returns an empty string; let Postgres print it instead. */
function finite(ref: string, expr: string): string {
  return `CASE WHEN isfinite(${ref}) THEN ${expr} ELSE ${ref}::text END`;
}

/** `.123000` is how to_char prints whole milliseconds; JavaScript's toISOString prints `.123`. */
function isoText(value: unknown): string {
  const text = String(value);
  return text.replace(/(\.\d{3})000(Z?)$/, '$1$2');
}

function numberAs(kind: ValueKind): (value: unknown) => unknown {
  if (kind === 'string') return String;
  return (value) => {
    if (typeof value === 'number') return value;
    const n = Number(value);
    // Beyond 2^53 (or NaN, Infinity) a JSON number would change the value: keep Postgres's text.
    if (!Number.isFinite(n)) return String(value);
    if (kind === 'integer' || /^-?\d+$/.test(String(value))) return Number.isSafeInteger(n) ? n : String(value);
    return n;
  };
}

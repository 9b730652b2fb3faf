import { DatongError } from '@datong/sdk';
import { escapeIdentifier } from 'pg';
import type { TableColumn } from './table-columns.js';

/** A WHERE condition matching rows by datong keys, and its parameters. */
export interface KeyFilter {
  where: string;
  params: unknown[];
}

/**
 * Matches rows by datong keys (see `recordKey`) in one statement, so read-back and delete cost
 * one round trip whatever the number of keys: `key = ANY($1)` for a single key column, and for
 * a compound key a row comparison against unnest of one array per column. The keys go as text
 * and are cast to each column's type, so the key's index is used.
 *
 * @example
 *   keyFilter([id], ['A1', 'A2'])  // { where: '"id" = ANY ($1::text[]::"pg_catalog"."text"[])', params: [['A1', 'A2']] }
 */
export function keyFilter(keyColumns: readonly TableColumn[], keys: readonly string[]): KeyFilter {
  const [only] = keyColumns;
  if (keyColumns.length === 1 && only !== undefined) {
    return { where: `${escapeIdentifier(only.name)} = ANY ($1::text[]::${only.typeSql}[])`, params: [[...keys]] };
  }
  const parts = keys.map((key) => compoundParts(key, keyColumns.length));
  const columns = keyColumns.map((c) => escapeIdentifier(c.name)).join(', ');
  const arrays = keyColumns.map((c, i) => `$${i + 1}::text[]::${c.typeSql}[]`).join(', ');
  return {
    where: `(${columns}) IN (SELECT * FROM unnest(${arrays}))`,
    params: keyColumns.map((_, i) => parts.map((p) => p[i])),
  };
}

/** A compound key is the JSON array of its parts, as text. */
function compoundParts(key: string, size: number): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== size || !parts.every((p) => typeof p === 'string')) {
    throw new DatongError(`key ${JSON.stringify(key)} is not a compound key of ${size} parts`, { code: 'KEY_INVALID' });
  }
  return parts as string[];
}

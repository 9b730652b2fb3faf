import { escapeIdentifier } from 'pg';
import type { TableRef } from './table-ref.js';

/**
 * `INSERT INTO table (columns) SELECT columns FROM <from> ON CONFLICT (key) DO UPDATE SET` every
 * other column: the whole record replaces the row. A table of key columns only has nothing to
 * update, so it does nothing on conflict.
 *
 * @example
 *   upsertSql(orders, ['id', 'total'], ['id'], 'datong_stage')
 *   // INSERT INTO "public"."orders" ("id", "total") SELECT "id", "total" FROM datong_stage
 *   //   ON CONFLICT ("id") DO UPDATE SET "total" = EXCLUDED."total"
 */
export function upsertSql(table: TableRef, columns: readonly string[], key: readonly string[], from: string): string {
  const list = columns.map(escapeIdentifier).join(', ');
  const keys = new Set(key);
  const sets = columns
    .filter((c) => !keys.has(c))
    .map((c) => `${escapeIdentifier(c)} = EXCLUDED.${escapeIdentifier(c)}`);
  const action = sets.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${sets.join(', ')}`;
  return `INSERT INTO ${table.sql} (${list}) SELECT ${list} FROM ${from} ON CONFLICT (${key.map(escapeIdentifier).join(', ')}) ${action}`;
}

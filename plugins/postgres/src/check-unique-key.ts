import type { SqlClient } from '@datong/sdk';
import { configError } from './config-error.js';
import type { TableRef } from './table-ref.js';

/**
 * Checks that an existing table has a primary key or unique index on exactly the object's key
 * columns: ON CONFLICT needs one to match rows on, and without one the table is not datong's to
 * write (nor, opened read-only, to read by key). A `ConfigError` when it has none.
 */
export async function checkUniqueKey(sql: SqlClient, table: TableRef, key: readonly string[]): Promise<void> {
  // As JSON text, so no driver's array parsing is involved.
  const { rows } = await sql.query<{ columns: string }>(
    `SELECT json_agg(a.attname::text)::text AS columns
       FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = to_regclass($1) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
      GROUP BY i.indexrelid`,
    [table.sql],
  );
  const wanted = [...key].sort().join('\u0000');
  const found = rows.some((row) => (JSON.parse(row.columns) as string[]).sort().join('\u0000') === wanted);
  if (!found) {
    throw configError(
      `table ${table.sql} exists without a primary key or unique index on (${key.join(', ')}): ` +
        'an upsert needs one to match rows on',
    );
  }
}

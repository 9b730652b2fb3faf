import type { SqlClient } from '@datong/sdk';
import type { BatchWriter } from './batch-writer.js';
import type { TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';
import { upsertSql } from './upsert-sql.js';

/**
 * The write path that needs nothing but parameterised queries: the whole batch goes as one JSON
 * parameter, which json_populate_recordset turns into rows of the table's own type. Used for the
 * embedded database (PGlite has no COPY FROM STDIN through a `SqlClient`) and for tables whose
 * array columns COPY's text format would need Postgres array literals for.
 */
export function jsonBatchWriter(
  sql: SqlClient,
  table: TableRef,
  columns: readonly TableColumn[],
  key: readonly string[],
): BatchWriter {
  const merge = upsertSql(
    table,
    columns.map((c) => c.name),
    key,
    `json_populate_recordset(NULL::${table.sql}, $1::json)`,
  );
  return {
    write: (records, beforeCommit) =>
      sql.transaction(async (tx) => {
        // Fields beyond the columns ride along in the JSON and are ignored by name.
        await tx.query(merge, [JSON.stringify(records)]);
        beforeCommit();
      }),
  };
}

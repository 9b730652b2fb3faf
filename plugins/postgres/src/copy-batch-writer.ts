import { escapeIdentifier } from 'pg';
import type { BatchWriter } from './batch-writer.js';
import { copyTextChunks } from './copy-text-chunks.js';
import type { PgClient } from './pg-client.js';
import type { TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';
import { upsertSql } from './upsert-sql.js';

const STAGE = 'datong_stage';

/**
 * The write path for a Postgres server: COPY the batch (text format) into a temp table dropped at
 * commit, then one INSERT ... SELECT ... ON CONFLICT merges it. Measured 1.4-1.7 times as fast as
 * one json_populate_recordset statement (see the README): COPY parses rows in C without a JSON
 * step, and the temp table is neither WAL-logged nor indexed.
 */
export function copyBatchWriter(
  pg: PgClient,
  table: TableRef,
  columns: readonly TableColumn[],
  key: readonly string[],
): BatchWriter {
  const list = columns.map((c) => escapeIdentifier(c.name)).join(', ');
  // Built from the target, so the stage has its column types but none of its constraints.
  const createStage = `CREATE TEMP TABLE ${STAGE} ON COMMIT DROP AS SELECT ${list} FROM ${table.sql} WITH NO DATA`;
  const copy = `COPY ${STAGE} (${list}) FROM STDIN`;
  const merge = upsertSql(
    table,
    columns.map((c) => c.name),
    key,
    STAGE,
  );
  return {
    write: (records, beforeCommit) =>
      pg.transaction(async (tx) => {
        await tx.query(createStage);
        await tx.copyFrom(copy, copyTextChunks(records, columns));
        await tx.query(merge);
        beforeCommit();
      }),
  };
}

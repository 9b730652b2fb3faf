import type { Logger, SqlClient } from '@datong/sdk';
import { checkUniqueKey } from './check-unique-key.js';
import type { SchemaColumn } from './schema-columns.js';
import { addColumnsSql, createSchemaSql, createTableSql } from './table-ddl.js';
import { tableColumns, type TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';

/**
 * Makes the table of a sink object fit its schema: creates schema and table when missing, adds
 * the columns a grown schema has, and checks that the key is unique (ON CONFLICT needs an index
 * on exactly those columns). Returns the table's columns as they now are.
 *
 * Columns are only ever added: a type change or a dropped field would lose data, so those are
 * left for a person to migrate.
 */
export async function ensureTable(
  sql: SqlClient,
  table: TableRef,
  wanted: readonly SchemaColumn[],
  key: readonly string[],
  logger: Logger,
): Promise<TableColumn[]> {
  return sql.transaction(async (tx) => {
    // Two workers opening the same object at once would race on CREATE TABLE IF NOT EXISTS,
    // which can still fail on the catalog's unique index; the lock makes them take turns.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`datong:${table.sql}`]);
    const existing = await tableColumns(tx, table);
    if (existing.length === 0) {
      await createSchema(tx, table.schema);
      await tx.query(createTableSql(table, wanted, key));
      logger.info('created table', { table: table.sql, columns: wanted.length });
    } else {
      const have = new Set(existing.map((c) => c.name));
      const missing = wanted.filter((c) => !have.has(c.name));
      if (missing.length > 0) {
        await tx.query(addColumnsSql(table, missing));
        logger.info('added columns', { table: table.sql, columns: missing.map((c) => c.name) });
      }
      await checkUniqueKey(tx, table, key);
    }
    return tableColumns(tx, table);
  });
}

/** CREATE SCHEMA checks the privilege before IF NOT EXISTS, so an existing schema is not recreated. */
async function createSchema(tx: SqlClient, schema: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rows.length === 0) await tx.query(createSchemaSql(schema));
}

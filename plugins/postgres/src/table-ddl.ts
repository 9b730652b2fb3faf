import { escapeIdentifier } from 'pg';
import type { SchemaColumn } from './schema-columns.js';
import type { TableRef } from './table-ref.js';

/**
 * `CREATE TABLE IF NOT EXISTS` for a sink object: its columns with their mapped types, and the
 * key as PRIMARY KEY, which is also the conflict target every upsert names.
 *
 * @example
 *   createTableSql(tableRef('public', 'orders'), [{ name: 'id', sql: 'text', kind: 'string' }], ['id'])
 *   // CREATE TABLE IF NOT EXISTS "public"."orders" ("id" text, PRIMARY KEY ("id"))
 */
export function createTableSql(table: TableRef, columns: readonly SchemaColumn[], key: readonly string[]): string {
  const defs = columns.map((c) => `${escapeIdentifier(c.name)} ${c.sql}`);
  defs.push(`PRIMARY KEY (${key.map(escapeIdentifier).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${table.sql} (${defs.join(', ')})`;
}

/**
 * One `ALTER TABLE` adding the columns a grown schema has and the table lacks. The new columns
 * are nullable: rows written before the schema grew have no value for them.
 */
export function addColumnsSql(table: TableRef, columns: readonly SchemaColumn[]): string {
  const adds = columns.map((c) => `ADD COLUMN IF NOT EXISTS ${escapeIdentifier(c.name)} ${c.sql}`);
  return `ALTER TABLE ${table.sql} ${adds.join(', ')}`;
}

/** `CREATE SCHEMA IF NOT EXISTS`, quoted. */
export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${escapeIdentifier(schema)}`;
}

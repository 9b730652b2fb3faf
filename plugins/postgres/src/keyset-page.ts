import type { DataRecord, SqlClient } from '@datong/sdk';
import { escapeIdentifier } from 'pg';
import type { ColumnCodec } from './column-codec.js';
import type { TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';

/** One page of a keyset-paginated read of a table. */
export interface KeysetPage {
  sql: SqlClient;
  table: TableRef;
  /** The columns to select and how to decode them into the record. */
  codecs: readonly ColumnCodec[];
  /** A condition on the rows (`TRUE` for all); the table is aliased `t`. */
  where: string;
  order: readonly TableColumn[];
  /** The `order` values of the last row of the page before; undefined for the first page. */
  after: readonly unknown[] | undefined;
  limit: number;
}

/**
 * The rows after a position: `WHERE (order...) > (after...) ORDER BY order LIMIT limit`, decoded
 * into records. A page costs one index range scan at any depth, and rows that share a leading
 * value are told apart by the columns after it, so none is lost at a page boundary. The next
 * page starts after the `order` values of the last record (`keysetAfter`). Errors are pg's own:
 * the caller knows what was being done and classifies them.
 */
export async function keysetPage(page: KeysetPage): Promise<DataRecord[]> {
  // Qualified: a bare name in ORDER BY would mean the select list's text rendering of the column
  // (bigint as text sorts 10 before 9), not the column itself.
  const order = page.order.map((c) => `t.${escapeIdentifier(c.name)}`).join(', ');
  let where = page.where;
  if (page.after !== undefined) {
    const params = page.order.map((c, i) => `$${i + 1}::${c.typeSql}`).join(', ');
    where += ` AND (${order}) > (${params})`;
  }
  const select = page.codecs.map((c) => c.select).join(', ');
  const { rows } = await page.sql.query(
    `SELECT ${select} FROM ${page.table.sql} AS t WHERE ${where} ORDER BY ${order} LIMIT ${page.limit}`,
    page.after === undefined ? [] : [...page.after],
  );
  return rows.map((row) => {
    const record: DataRecord = {};
    for (const codec of page.codecs) record[codec.name] = codec.decode(row[codec.name]);
    return record;
  });
}

/** Where the page after `records` starts: the `order` values of its last record (undefined when empty). */
export function keysetAfter(records: readonly DataRecord[], order: readonly TableColumn[]): unknown[] | undefined {
  const tail = records.at(-1);
  return tail === undefined ? undefined : order.map((c) => tail[c.name]);
}

import type { SqlClient } from '@datong/sdk';
import { escapeIdentifier } from 'pg';
import type { TableRef } from './table-ref.js';

/** A column of an existing table, as information_schema describes it. */
export interface TableColumn {
  name: string;
  /** information_schema's `data_type`: `text`, `timestamp with time zone`, `ARRAY`, `USER-DEFINED`... */
  dataType: string;
  /** The type's own name (`int8`, `timestamptz`, `_text` for text[]): what the codecs switch on. */
  udtName: string;
  /** The type, quoted and schema-qualified, for casts: `"pg_catalog"."int8"`. */
  typeSql: string;
  nullable: boolean;
}

interface ColumnRow {
  column_name: string;
  data_type: string;
  udt_schema: string;
  udt_name: string;
  is_nullable: string;
}

/** The columns of a table in their declared order; empty when the table does not exist. */
export async function tableColumns(sql: SqlClient, table: TableRef): Promise<TableColumn[]> {
  const { rows } = await sql.query<ColumnRow>(
    `SELECT column_name, data_type, udt_schema, udt_name, is_nullable
       FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2
      ORDER BY ordinal_position`,
    [table.schema, table.name],
  );
  return rows.map((row) => ({
    name: row.column_name,
    dataType: row.data_type,
    udtName: row.udt_name,
    typeSql: `${escapeIdentifier(row.udt_schema)}.${escapeIdentifier(row.udt_name)}`,
    nullable: row.is_nullable === 'YES',
  }));
}

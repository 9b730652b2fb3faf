import {
  DatongError,
  type Logger,
  type SinkConnection,
  type SinkObject,
  type SinkObjectSpec,
  type SqlClient,
} from '@datong/sdk';
import { AbsentTableObject } from './absent-table-object.js';
import { checkUniqueKey } from './check-unique-key.js';
import { classifyPgError } from './classify-pg-error.js';
import { absentColumnCodec, columnCodec } from './column-codec.js';
import { copyBatchWriter } from './copy-batch-writer.js';
import { ensureTable } from './ensure-table.js';
import { jsonBatchWriter } from './json-batch-writer.js';
import type { PgClient } from './pg-client.js';
import { schemaColumns, type SchemaColumn } from './schema-columns.js';
import { tableColumns, type TableColumn } from './table-columns.js';
import { tableRef, type TableRef } from './table-ref.js';
import { TableSinkObject } from './table-sink-object.js';

/** Where a sink connection writes: a server through `pg` (with COPY), or the engine's embedded database. */
export type SinkTarget =
  { kind: 'server'; pg: PgClient; secrets: readonly string[] } | { kind: 'embedded'; sql: SqlClient };

/** An open Postgres sink: tables in one Postgres schema, named `<table_prefix><object>`. */
export class PostgresSinkConnection implements SinkConnection {
  private readonly sql: SqlClient;
  private readonly secrets: readonly string[];

  constructor(
    private readonly target: SinkTarget,
    private readonly schema: string,
    private readonly tablePrefix: string,
    private readonly logger: Logger,
  ) {
    this.sql = target.kind === 'server' ? target.pg : target.sql;
    this.secrets = target.kind === 'server' ? target.secrets : [];
  }

  /**
   * Opens the object's table, creating it or adding the columns a grown schema has. Opened
   * read-only (a dry run, a reconciliation) it creates and alters nothing: see `readOnlyObject`.
   */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    const table = tableRef(this.schema, `${this.tablePrefix}${spec.name}`);
    const wanted = schemaColumns(spec);
    if (spec.readOnly) return this.readOnlyObject(spec, table, wanted);
    const actual = await this.guard(`preparing table ${table.sql}`, () =>
      ensureTable(this.sql, table, wanted, spec.key, this.logger),
    );
    const column = columnFinder(table, actual);
    const columns = wanted.map((w) => column(w.name));
    const keyColumns = spec.key.map(column);
    // COPY's text format would need Postgres array literals for array columns; JSON needs nothing.
    const writer =
      this.target.kind === 'server' && !columns.some((c) => c.dataType === 'ARRAY')
        ? copyBatchWriter(this.target.pg, table, columns, spec.key)
        : jsonBatchWriter(this.sql, table, columns, spec.key);
    return new TableSinkObject(spec, {
      sql: this.sql,
      table,
      keyColumns,
      codecs: wanted.map((w, i) => columnCodec(columns[i]!, w.kind)),
      writer,
      secrets: this.secrets,
    });
  }

  /**
   * The table as it is, only read: a missing table holds nothing (read-back and scan send no
   * query); one the schema has outgrown is read by the columns it has, a column not added yet
   * reading as null, as it will once a run adds it. A table without a unique key on the object's
   * key is the same `ConfigError` a run meets.
   */
  private async readOnlyObject(spec: SinkObjectSpec, table: TableRef, wanted: SchemaColumn[]): Promise<SinkObject> {
    const actual = await this.guard(`reading the columns of ${table.sql}`, async () => {
      const columns = await tableColumns(this.sql, table);
      if (columns.length > 0) await checkUniqueKey(this.sql, table, spec.key);
      return columns;
    });
    if (actual.length === 0) {
      this.logger.info('table not created: opened read-only, it holds no records', { table: table.sql });
      return new AbsentTableObject(spec, table);
    }
    const byName = new Map(actual.map((c) => [c.name, c]));
    const absent = wanted.filter((w) => !byName.has(w.name));
    if (absent.length > 0) {
      this.logger.info('columns not added: opened read-only, they read as null', { table: table.sql, columns: absent.map((c) => c.name) });
    }
    return new TableSinkObject(spec, {
      sql: this.sql,
      table,
      keyColumns: spec.key.map(columnFinder(table, actual)),
      codecs: wanted.map((w) => {
        const found = byName.get(w.name);
        return found === undefined ? absentColumnCodec(w.name) : columnCodec(found, w.kind);
      }),
      secrets: this.secrets,
    });
  }

  async check(): Promise<void> {
    await this.guard('connection check', () => this.sql.query('SELECT 1'));
  }

  /** Ends the pool of a server connection; the embedded database belongs to the engine and stays open. */
  async close(): Promise<void> {
    if (this.target.kind === 'server') await this.target.pg.close();
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifyPgError(error, action, this.secrets);
    }
  }
}

/** Looks a table's columns up by name; one it cannot see is an error, not a column to skip. */
function columnFinder(table: TableRef, actual: readonly TableColumn[]): (name: string) => TableColumn {
  const byName = new Map(actual.map((c) => [c.name, c]));
  return (name) => {
    const found = byName.get(name);
    // Only when the table's columns are hidden from information_schema (no privilege on them).
    if (found === undefined) throw new DatongError(`table ${table.sql} has no visible column "${name}"`, { code: 'POSTGRES_COLUMN_MISSING' });
    return found;
  };
}

import {
  DatongError,
  type Logger,
  type SinkConnection,
  type SinkObject,
  type SinkObjectSpec,
  type SqlClient,
} from '@datong/sdk';
import { classifyPgError } from './classify-pg-error.js';
import { columnCodec } from './column-codec.js';
import { copyBatchWriter } from './copy-batch-writer.js';
import { ensureTable } from './ensure-table.js';
import { jsonBatchWriter } from './json-batch-writer.js';
import type { PgClient } from './pg-client.js';
import { schemaColumns } from './schema-columns.js';
import type { TableColumn } from './table-columns.js';
import { tableRef } from './table-ref.js';
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

  /** Opens the object's table, creating it or adding the columns a grown schema has. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    const table = tableRef(this.schema, `${this.tablePrefix}${spec.name}`);
    const wanted = schemaColumns(spec);
    const actual = await this.guard(`preparing table ${table.sql}`, () =>
      ensureTable(this.sql, table, wanted, spec.key, this.logger),
    );
    const byName = new Map(actual.map((c) => [c.name, c]));
    const column = (name: string): TableColumn => {
      const found = byName.get(name);
      // Only when the table's columns are hidden from information_schema (no privilege on them).
      if (found === undefined)
        throw new DatongError(`table ${table.sql} has no visible column "${name}"`, {
          code: 'POSTGRES_COLUMN_MISSING',
        });
      return found;
    };
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

import {
  recordKey,
  type DataRecord,
  type PluginContext,
  type SinkObject,
  type SinkObjectSpec,
  type SinkWrite,
  type SqlClient,
} from '@datong/sdk';
import type { BatchWriter } from './batch-writer.js';
import { classifyPgError } from './classify-pg-error.js';
import type { ColumnCodec } from './column-codec.js';
import { keyFilter } from './key-filter.js';
import { keysetAfter, keysetPage } from './keyset-page.js';
import { readOnlyError } from './read-only-error.js';
import type { TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';

/** What a table sink object works with, settled once when the object is opened. */
export interface TableSinkParts {
  sql: SqlClient;
  table: TableRef;
  keyColumns: TableColumn[];
  /** One per schema column, in schema order: how read-back selects and decodes it. */
  codecs: ColumnCodec[];
  /** How batches are upserted; absent when the object is opened read-only, which refuses write and delete. */
  writer?: BatchWriter;
  /** The connection string and password, scrubbed from every error message. */
  secrets: readonly string[];
}

/** Rows a scan reads per query. */
export const SCAN_PAGE = 1000;

/**
 * One sink object: a table upserted by key, read back, scanned and deleted from by key. Opened
 * read-only it has no writer: it reads back and scans, and write and delete throw.
 */
export class TableSinkObject implements SinkObject {
  private readonly selectList: string;

  constructor(
    readonly spec: SinkObjectSpec,
    private readonly parts: TableSinkParts,
  ) {
    this.selectList = parts.codecs.map((c) => c.select).join(', ');
  }

  /**
   * Upserts the batch in one transaction. Keys repeated within the batch keep their last record:
   * ON CONFLICT cannot touch one row twice in a statement, and the last is the newest.
   */
  async write(batch: SinkWrite[], ctx: PluginContext): Promise<void> {
    const { writer } = this.parts;
    if (writer === undefined) throw readOnlyError(this.parts.table, 'write');
    if (batch.length === 0) return;
    const latest = new Map<string, DataRecord>();
    for (const { key, record } of batch) latest.set(key, record);
    await this.guard(`upsert into ${this.parts.table.sql}`, () =>
      writer.write([...latest.values()], () => ctx.fault('mid-batch')),
    );
  }

  /** The rows under these keys, shaped as they were written; keys with no row are absent. */
  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    if (keys.length === 0) return found;
    const filter = keyFilter(this.parts.keyColumns, keys);
    const { rows } = await this.guard(`read-back from ${this.parts.table.sql}`, () =>
      this.parts.sql.query(
        `SELECT ${this.selectList} FROM ${this.parts.table.sql} WHERE ${filter.where}`,
        filter.params,
      ),
    );
    for (const row of rows) {
      const record: DataRecord = {};
      for (const codec of this.parts.codecs) record[codec.name] = codec.decode(row[codec.name]);
      found.set(recordKey(record, this.spec.key), record);
    }
    return found;
  }

  /**
   * Every row of the table in key order, `SCAN_PAGE` rows a query, shaped as read-back shapes them.
   * Keyset pagination on the primary key (`keysetPage`): a page costs one index range scan at any
   * depth; a row written during the scan is listed if its key sorts after the page being read,
   * and no row is listed twice.
   */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    const { sql, table, codecs, keyColumns } = this.parts;
    let after: unknown[] | undefined;
    for (;;) {
      const records = await this.guard(`scan of ${table.sql}`, () =>
        keysetPage({ sql, table, codecs, where: 'TRUE', order: keyColumns, after, limit: SCAN_PAGE }),
      );
      if (records.length > 0) yield records.map((record) => ({ key: recordKey(record, this.spec.key), record }));
      if (records.length < SCAN_PAGE) return;
      after = keysetAfter(records, keyColumns);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (this.parts.writer === undefined) throw readOnlyError(this.parts.table, 'delete');
    if (keys.length === 0) return;
    const filter = keyFilter(this.parts.keyColumns, keys);
    await this.guard(`delete from ${this.parts.table.sql}`, () =>
      this.parts.sql.query(`DELETE FROM ${this.parts.table.sql} WHERE ${filter.where}`, filter.params),
    );
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifyPgError(error, action, this.parts.secrets);
    }
  }
}

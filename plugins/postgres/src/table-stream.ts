import type {
  DataRecord,
  PluginContext,
  ReadOptions,
  SourceBatch,
  SourceStream,
  SqlClient,
  StreamSpec,
} from '@datong/sdk';
import { escapeIdentifier } from 'pg';
import { classifyPgError } from './classify-pg-error.js';
import type { ColumnCodec } from './column-codec.js';
import { keysetAfter, keysetPage } from './keyset-page.js';
import type { TableColumn } from './table-columns.js';
import type { TableRef } from './table-ref.js';

/** What a table stream reads with, settled once when the source lists its streams. */
export interface TableStreamParts {
  sql: SqlClient;
  table: TableRef;
  codecs: ColumnCodec[];
  keyColumns: TableColumn[];
  cursorColumn?: TableColumn;
  secrets: readonly string[];
}

/**
 * The state a table stream hands the engine. With a cursor: `after` is the (cursor, key...) of
 * the last row read, and `nulls` the key of the last row read with a NULL cursor while those are
 * being read. Without: `after` is the key of the last row and `complete` says the table was read
 * to its end (the next run starts over).
 */
export interface TableStreamState {
  after?: unknown[];
  nulls?: unknown[];
  complete?: boolean;
}

/** One keyset-paginated pass: rows matching `where`, ordered by `order`, after a position. */
interface Pass {
  where: string;
  order: TableColumn[];
  after: unknown[] | undefined;
}

/**
 * A table read by keyset pagination (`keysetPage`), a batch a page: ordered by the cursor and the
 * key, or by the key alone.
 *
 * With a cursor, rows whose cursor is NULL cannot be placed after any position: they are read in
 * key order after the others, on every run, and the engine's ledger drops those unchanged.
 */
export class TableStream implements SourceStream {
  constructor(
    readonly spec: StreamSpec,
    private readonly parts: TableStreamParts,
  ) {}

  async *read(options: ReadOptions, ctx: PluginContext): AsyncIterable<SourceBatch> {
    const start = options.fullRefresh ? {} : this.startState(options.state, ctx);
    const { cursorColumn } = this.parts;
    const passes = this.passes(start);
    const batchSize = Math.max(1, Math.floor(options.batchSize) || 1);

    let done = 0;
    let cursorAfter = start.after;
    for (const [index, pass] of passes.entries()) {
      const last = index === passes.length - 1;
      let after = pass.after;
      for (;;) {
        if (ctx.signal.aborted) return;
        const records = await this.page(pass, after, batchSize);
        done += records.length;
        after = keysetAfter(records, pass.order) ?? after;
        if (index === 0 && cursorColumn) cursorAfter = after;
        const finished = records.length < batchSize;
        if (finished && last) {
          yield {
            items: records.map((record) => ({ record })),
            state: this.finalState(cursorAfter),
            progress: { done, unit: 'records' },
          };
          return;
        }
        if (records.length > 0) {
          const state: TableStreamState = cursorColumn
            ? { after: cursorAfter, ...(index === 1 ? { nulls: after } : {}) }
            : { after, complete: false };
          yield {
            items: records.map((record) => ({ record })),
            state: dropUndefined(state),
            progress: { done, unit: 'records' },
          };
        }
        if (finished) break;
      }
    }
  }

  /** With a cursor: the rows after the position, then (if the column admits NULL) the NULL ones. */
  private passes(start: TableStreamState): Pass[] {
    const { cursorColumn, keyColumns } = this.parts;
    if (cursorColumn === undefined) return [{ where: 'TRUE', order: keyColumns, after: start.after }];
    const cursor = `t.${escapeIdentifier(cursorColumn.name)}`;
    const passes: Pass[] = [{ where: `${cursor} IS NOT NULL`, order: [cursorColumn, ...keyColumns], after: start.after }];
    if (cursorColumn.nullable) passes.push({ where: `${cursor} IS NULL`, order: keyColumns, after: start.nulls });
    return passes;
  }

  private finalState(cursorAfter: unknown[] | undefined): TableStreamState {
    return this.parts.cursorColumn ? dropUndefined({ after: cursorAfter }) : { complete: true };
  }

  private async page(pass: Pass, after: unknown[] | undefined, limit: number): Promise<DataRecord[]> {
    const { sql, table, codecs } = this.parts;
    try {
      return await keysetPage({ sql, table, codecs, where: pass.where, order: pass.order, after, limit });
    } catch (error) {
      throw classifyPgError(error, `read from ${table.sql}`, this.parts.secrets);
    }
  }

  /** The incoming state, checked; one that no longer fits the stream (its key changed) starts over. */
  private startState(state: unknown, ctx: PluginContext): TableStreamState {
    if (state === undefined || state === null) return {};
    const s = state as TableStreamState;
    const keys = this.parts.keyColumns.length;
    if (this.parts.cursorColumn) {
      if (s.after === undefined && s.nulls === undefined) return {};
      const ok = isPosition(s.after, keys + 1) && (s.nulls === undefined || isPosition(s.nulls, keys));
      if (ok) return { after: s.after, nulls: s.nulls };
    } else {
      if (s.complete === true || s.after === undefined) return {};
      if (isPosition(s.after, keys)) return { after: s.after };
    }
    ctx.logger.warn('stream state does not fit the stream (key or cursor changed?): reading from the start', {
      stream: this.spec.name,
    });
    return {};
  }
}

function isPosition(value: unknown, size: number): value is unknown[] {
  return Array.isArray(value) && value.length === size;
}

function dropUndefined(state: TableStreamState): TableStreamState {
  return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}

import { defineSource, type Logger, type SourceConnection, type SourceStream } from '@datong/sdk';
import { checkUrl } from './check-url.js';
import { classifyPgError, connectionSecrets } from './classify-pg-error.js';
import { columnCodec } from './column-codec.js';
import { configError } from './config-error.js';
import type { PostgresSourceConfig, PostgresStreamConfig } from './generated/source-config.js';
import { PgClient } from './pg-client.js';
import { schemaFromColumns } from './schema-from-columns.js';
import { tableColumns, type TableColumn } from './table-columns.js';
import { tableRef } from './table-ref.js';
import { TableStream } from './table-stream.js';

/**
 * The Postgres source: one stream per configured table (or view), its record schema derived from
 * information_schema, read in key order or incrementally after the last (cursor, key) read.
 *
 * @example
 *   sources: { erp: { plugin: '@datong/plugin-postgres', config: { url: { env: ERP_URL },
 *     streams: { orders: { table: orders, key: [id], cursorField: updated_at } } } } }
 */
export const postgresSource = defineSource<PostgresSourceConfig>({
  async open(config, ctx) {
    if (typeof config.url !== 'string' || config.url === '') throw configError('the source needs a url', '/url');
    checkUrl(config.url);
    return new PostgresSourceConnection(
      config,
      new PgClient(config.url, ctx.logger),
      connectionSecrets(config.url),
      ctx.logger,
    );
  },
});

class PostgresSourceConnection implements SourceConnection {
  constructor(
    private readonly config: PostgresSourceConfig,
    private readonly pg: PgClient,
    private readonly secrets: readonly string[],
    private readonly logger: Logger,
  ) {}

  async streams(): Promise<SourceStream[]> {
    return Promise.all(Object.entries(this.config.streams).map(([name, stream]) => this.stream(name, stream)));
  }

  async check(): Promise<void> {
    await this.guard('connection check', () => this.pg.query('SELECT 1'));
  }

  async close(): Promise<void> {
    await this.pg.close();
  }

  private async stream(name: string, config: PostgresStreamConfig): Promise<SourceStream> {
    const table = tableRef(config.schema ?? 'public', config.table);
    const columns = await this.guard(`listing the columns of ${table.sql}`, () => tableColumns(this.pg, table));
    if (columns.length === 0)
      throw configError(`table ${table.sql} does not exist or shows no columns`, `/streams/${name}/table`);
    const column = (field: string, pointer: string): TableColumn => {
      const found = columns.find((c) => c.name === field);
      if (found === undefined)
        throw configError(`table ${table.sql} has no column "${field}"`, `/streams/${name}/${pointer}`);
      return found;
    };
    const keyColumns = config.key.map((field, i) => column(field, `key/${i}`));
    const cursorColumn = config.cursorField === undefined ? undefined : column(config.cursorField, 'cursorField');
    const { schema, kinds } = schemaFromColumns(columns);
    this.logger.debug('stream ready', { stream: name, table: table.sql, columns: columns.length });
    return new TableStream(
      {
        name,
        schema,
        key: [...config.key],
        ...(config.cursorField === undefined ? {} : { cursorField: config.cursorField }),
      },
      {
        sql: this.pg,
        table,
        codecs: columns.map((c) => columnCodec(c, kinds.get(c.name) ?? 'string')),
        keyColumns,
        ...(cursorColumn === undefined ? {} : { cursorColumn }),
        secrets: this.secrets,
      },
    );
  }

  private async guard<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw classifyPgError(error, action, this.secrets);
    }
  }
}

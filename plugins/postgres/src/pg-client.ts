import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger, SqlClient } from '@datong/sdk';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** A `SqlClient` inside a transaction on a Postgres server, which also speaks COPY FROM STDIN. */
export interface CopyClient extends SqlClient {
  transaction<T>(fn: (tx: CopyClient) => Promise<T>): Promise<T>;
  /** Streams the chunks of COPY data (in the format `sql` names) to the server. */
  copyFrom(sql: string, chunks: Iterable<string>): Promise<void>;
}

/**
 * A Postgres server behind a `pg.Pool`, seen as a `SqlClient`. Errors are pg's own, unchanged:
 * the sink and source classify them where they know what was being done (`classifyPgError`).
 */
export class PgClient implements SqlClient {
  private readonly pool: pg.Pool;

  constructor(url: string, logger: Logger) {
    this.pool = new pg.Pool({
      connectionString: url,
      // A sink writes one batch at a time; a few connections cover read-back beside a write.
      max: 4,
      application_name: 'datong',
      connectionTimeoutMillis: 30_000,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
    });
    // An idle connection the server drops emits 'error' on the pool; unheard, it would crash the process.
    this.pool.on('error', (error: Error & { code?: string }) => {
      logger.warn('an idle Postgres connection failed; the pool will open another', { code: error.code });
    });
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(fn: (tx: CopyClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(new PgTransaction(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PgTransaction implements CopyClient {
  constructor(private readonly client: pg.PoolClient) {}

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.client.query(sql, params);
    return { rows: result.rows as Row[] };
  }

  /** Already inside one: the work joins it. */
  transaction<T>(fn: (tx: CopyClient) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async copyFrom(sql: string, chunks: Iterable<string>): Promise<void> {
    await pipeline(Readable.from(chunks, { objectMode: false }), this.client.query(copyFrom(sql)));
  }
}

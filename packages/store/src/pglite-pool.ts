import type { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from '@datong/sdk';
import { AsyncMutex } from './async-mutex.js';

interface PoolClient {
  query(sql: string, params?: readonly unknown[]): Promise<{ rows: unknown[]; command: string; rowCount: number }>;
  release(): void;
}

/**
 * Makes one PGlite instance look like a `pg` pool of one connection, which is all Kysely's
 * Postgres dialect needs, and hands out the same exclusive session as a `SqlClient` for plugins
 * that write into the embedded database. Every user takes the one mutex, because PGlite has a
 * single session and two interleaved transactions would silently become one.
 */
export class PGlitePool {
  private readonly mutex = new AsyncMutex();

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PoolClient> {
    const release = await this.mutex.acquire();
    let released = false;
    return {
      query: (sql, params) => this.exec(sql, params),
      release: () => {
        if (!released) release();
        released = true;
      },
    };
  }

  async end(): Promise<void> {
    await this.mutex.run(() => this.pglite.close());
  }

  /** A `SqlClient` over the embedded database, for plugins (the Postgres sink with no url). */
  sqlClient(): SqlClient {
    const inSession = (exec: PGlitePool['exec']): SqlClient => ({
      query: async (sql, params) => (await exec(sql, params)) as never,
      transaction: (fn) => fn(inSession(exec)),
    });
    return {
      query: (sql, params) => this.mutex.run(async () => (await this.exec(sql, params)) as never),
      transaction: (fn) =>
        this.mutex.run(async () => {
          await this.exec('begin');
          try {
            const result = await fn(inSession(this.exec));
            await this.exec('commit');
            return result;
          } catch (error) {
            await this.exec('rollback');
            throw error;
          }
        }),
    };
  }

  private exec = async (sql: string, params?: readonly unknown[]) => {
    const result = params && params.length > 0
      ? await this.pglite.query(sql, params as unknown[])
      : (await this.pglite.exec(sql)).at(-1) ?? { rows: [], affectedRows: 0 };
    const command = sql.trimStart().split(/\s/, 1)[0]!.toUpperCase();
    return { rows: result.rows as unknown[], command, rowCount: result.affectedRows ?? result.rows.length };
  };
}

import type { SqlClient } from '@datong/sdk';
import type { PGlite, Transaction } from '@electric-sql/pglite';

/** PGlite seen as the `SqlClient` the engine hands a plugin as `ctx.embeddedSql`. */
export function pgliteSqlClient(db: PGlite | Transaction): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows };
    },
    transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      // Already inside a transaction: PGlite's Transaction has no nested transactions, so join it.
      if (!('transaction' in db)) return fn(pgliteSqlClient(db));
      return db.transaction((tx) => fn(pgliteSqlClient(tx)));
    },
  };
}

import pg from 'pg';
import type { Test } from 'tap';

/**
 * The server and fresh databases come from the store's test kit, so every package's Postgres
 * tests follow one rule: skipped without DATABASE_URL, failed without it under CI=true.
 */
export { postgresServer as serverUrl, freshDatabase } from '@datong/store/testing';

/** A plain connection to a test database, for arranging and checking rows behind the plugin's back. */
export async function connect(t: Test, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

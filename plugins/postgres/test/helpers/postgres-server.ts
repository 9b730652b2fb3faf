import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

/**
 * The server the Postgres tests run against (`DATABASE_URL`). Without it the tests are skipped
 * with a reason, except under CI=true, where a missing server is a failure: CI must not pass
 * by silently testing nothing.
 */
export function serverUrl(t: Test): string | undefined {
  const url = process.env.DATABASE_URL;
  if (url !== undefined && url !== '') return url;
  if (process.env.CI === 'true') {
    t.fail('DATABASE_URL is not set, and CI=true requires the Postgres server tests to run');
  } else {
    t.test(
      'Postgres server tests',
      { skip: 'DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/postgres)' },
      () => {},
    );
  }
  return undefined;
}

/** Creates a database of its own for one test file and drops it when the file's tests end. */
export async function freshDatabase(t: Test, server: string): Promise<string> {
  const name = `datong_pgplugin_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  t.teardown(async () => {
    const dropper = new pg.Client({ connectionString: server });
    await dropper.connect();
    // FORCE: a test that failed half-way may have left a pool open on it.
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A plain connection to a test database, for arranging and checking rows behind the plugin's back. */
export async function connect(t: Test, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

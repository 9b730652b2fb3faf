/**
 * Test helpers for every package whose tests need a store or a Postgres database: the same suite
 * runs once per dialect (PGlite always, Postgres when DATABASE_URL is set, required when CI=true).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Test } from 'tap';
import { openStore } from './open-store.js';
import type { Store } from './store.js';

/** A store to test on: PGlite always; Postgres when DATABASE_URL is set (required when CI=true). */
export interface Dialect {
  name: 'embedded' | 'postgres';
  open(t: Test): Promise<Store>;
}

export const DIALECTS: Dialect[] = [
  {
    name: 'embedded',
    async open(t) {
      const dir = mkdtempSync(join(tmpdir(), 'datong-store-'));
      const store = await openStore({ dir, command: 'store test' });
      t.teardown(() => store.close());
      return store;
    },
  },
  {
    name: 'postgres',
    async open(t) {
      const url = await freshDatabase(t);
      const store = await openStore({ url, dir: mkdtempSync(join(tmpdir(), 'datong-store-')) });
      t.teardown(() => store.close());
      return store;
    },
  },
];

/** Runs `fn` once per dialect; without DATABASE_URL the Postgres run is skipped, or failed under CI. */
export function forEachDialect(t: Test, fn: (t: Test, dialect: Dialect) => Promise<void>): void {
  for (const dialect of DIALECTS) {
    if (dialect.name === 'postgres' && !process.env.DATABASE_URL) {
      if (process.env.CI === 'true') t.fail('CI=true but DATABASE_URL is unset: the Postgres store tests cannot run');
      else t.test(dialect.name, { skip: 'DATABASE_URL is not set' }, async () => undefined);
      continue;
    }
    t.test(dialect.name, (t) => fn(t, dialect));
  }
}

/** Creates an empty database on the server (DATABASE_URL by default), dropped when the test ends. */
export async function freshDatabase(t: Test, server: string = process.env.DATABASE_URL!): Promise<string> {
  const base = server;
  const name = `datong_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  t.teardown(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The Postgres server tests may use, or undefined when there is none: then the calling test is
 * skipped, except under CI=true, where a missing DATABASE_URL fails it.
 */
export function postgresServer(t: Test): string | undefined {
  const url = process.env.DATABASE_URL;
  if (url) return url;
  if (process.env.CI === 'true') t.fail('CI=true but DATABASE_URL is unset: Postgres tests cannot run');
  else t.pass('DATABASE_URL is not set: Postgres tests skipped (set it to run them)');
  return undefined;
}

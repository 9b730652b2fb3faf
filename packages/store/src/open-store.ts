import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { StoreError } from '@datong/sdk';
import { EmbeddedLock, type LockHolder } from './embedded-lock.js';
import { migrations } from './migrations.js';
import { PGlitePool } from './pglite-pool.js';
import { SecretBox } from './secret-box.js';
import { Store } from './store.js';
import type { StoreTables } from './tables.js';

export interface OpenStoreOptions {
  /** A Postgres connection string. Absent: the embedded store in `dir`. */
  url?: string;
  /** The folder of the embedded store (`.datong/` beside the pipeline file). */
  dir: string;
  /** What is opening it, shown to a second process that finds the embedded store locked. */
  command?: string;
}

// bigint counts and ids fit in a double for any realistic run; read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * Opens the state store and brings its schema up to date: Postgres through `pg` when a url is
 * given, else PGlite in `dir` behind a lock so a second process gets a clear error naming the holder.
 *
 * @example
 *   const store = await openStore({ url: process.env.DATABASE_URL, dir: '.datong' });
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // A Postgres store shared by several machines needs DATONG_SECRET_KEY; otherwise the key file
  // beside the pipeline serves both kinds.
  let box: SecretBox | undefined;
  const secretBox = () => (box ??= SecretBox.fromEnvOrFile(options.dir));
  if (options.url) return openPostgres(options.url, secretBox);
  return openEmbedded(options.dir, options.command ?? process.argv.slice(1).join(' '), secretBox);
}

async function openPostgres(url: string, secretBox: () => SecretBox): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c search_path=datong,public' });
  pool.on('error', () => {
    // An idle client lost its connection; the next query reports it. Without a listener Node would crash.
  });
  try {
    const client = await pool.connect();
    await client.query('create schema if not exists datong');
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreError(`cannot reach the Postgres state store: ${(error as Error).message}`, { cause: error, code: 'STORE_UNREACHABLE' });
  }
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  await migrate(db);
  return new Store(db, 'postgres', undefined, async () => undefined, secretBox);
}

/** The lock file of the embedded store in `dir`. */
function lockFile(dir: string): string {
  return join(dir, 'store.lock');
}

/** Who holds the embedded store in `dir` now (a running sync, the daemon), if anyone alive does. */
export function embeddedStoreHolder(dir: string): LockHolder | undefined {
  return EmbeddedLock.holder(lockFile(dir));
}

async function openEmbedded(dir: string, command: string, secretBox: () => SecretBox): Promise<Store> {
  mkdirSync(dir, { recursive: true });
  const lock = EmbeddedLock.acquire(lockFile(dir), command);
  try {
    const pglite = new PGlite(join(dir, 'pgdata'));
    await pglite.waitReady;
    await pglite.exec('create schema if not exists datong; set search_path = datong, public;');
    const pool = new PGlitePool(pglite);
    const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool: pool as never }) });
    await migrate(db);
    return new Store(db, 'embedded', pool.sqlClient(), async () => lock.release(), secretBox);
  } catch (error) {
    lock.release();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot open the embedded store in ${dir}: ${(error as Error).message}`, { cause: error });
  }
}

async function migrate(db: Kysely<StoreTables>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: 'datong',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(`store migration ${failed} failed: ${(error as Error).message}`, { cause: error, code: 'STORE_MIGRATION' });
  }
  await sql`select 1`.execute(db);
}

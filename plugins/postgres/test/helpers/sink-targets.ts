import { PGlite } from '@electric-sql/pglite';
import type { Test } from 'tap';
import { pgliteSqlClient } from './pglite-sql-client.js';
import { freshDatabase, serverUrl } from './postgres-server.js';
import { testContext } from './test-context.js';

/** Where a sink test writes: a config for the plugin and the context to open it with. */
export interface SinkTarget {
  name: string;
  config: Record<string, unknown>;
  ctx: ReturnType<typeof testContext>;
}

/**
 * The databases a sink test runs against, each in its own loop turn: the embedded PGlite always,
 * and a fresh database on the Postgres server when DATABASE_URL is set.
 */
export async function sinkTargets(t: Test, schema: string): Promise<SinkTarget[]> {
  const pglite = new PGlite();
  t.teardown(() => pglite.close());
  const targets: SinkTarget[] = [{ name: 'embedded PGlite', config: { schema }, ctx: testContext({ embeddedSql: pgliteSqlClient(pglite) }) }];
  const server = serverUrl(t);
  if (server !== undefined) targets.push({ name: 'Postgres server', config: { url: await freshDatabase(t, server), schema }, ctx: testContext() });
  return targets;
}

import t from 'tap';
import plugin from '../src/index.js';
import { collect, records } from './helpers/collect.js';
import { connect, freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);
  const db = await connect(t, url);
  const ctx = testContext();
  await db.query(`
    CREATE SCHEMA shop;
    CREATE TABLE shop.orders (
      id bigint PRIMARY KEY, updated_at timestamptz NOT NULL, total numeric(12,2), paid boolean,
      lines jsonb, created date, local_time timestamp, tags text[], note text NOT NULL DEFAULT '');
    CREATE INDEX ON shop.orders (updated_at, id);
    INSERT INTO shop.orders (id, updated_at, total, paid, lines, created, local_time, tags, note)
    SELECT i, '2025-01-01T00:00:00Z'::timestamptz + ((i / 3) * interval '1 minute') + interval '0.000123 second',
           i * 1.5, i % 2 = 0, jsonb_build_array(jsonb_build_object('sku', 'S' || i)), '2025-01-01'::date + i,
           '2025-01-01 08:00:00'::timestamp, ARRAY['t' || i], ''
      FROM generate_series(1, 10) AS i;`);
  // Rows 3, 4, 5 share a cursor value, as do 6, 7, 8 and 9, 10: ties straddle every page of 2.
  const source = await plugin.source!.open(
    { url, streams: { orders: { schema: 'shop', table: 'orders', key: ['id'], cursorField: 'updated_at' } } },
    ctx,
  );
  t.teardown(() => source.close?.());
  const [orders] = await source.streams();
  if (orders === undefined) throw new Error('no stream');

  t.test('the record schema is derived from information_schema', async (t) => {
    t.same(orders.spec.key, ['id']);
    t.equal(orders.spec.cursorField, 'updated_at');
    t.same(orders.spec.schema.properties, {
      id: { type: 'integer' },
      updated_at: { type: 'string', format: 'date-time' },
      total: { type: ['string', 'null'], format: 'decimal' },
      paid: { type: ['boolean', 'null'] },
      lines: {},
      created: { type: ['string', 'null'], format: 'date' },
      local_time: { type: ['string', 'null'], 'x-sql-type': 'timestamp' },
      tags: { type: ['array', 'null'], items: { type: 'string' } },
      note: { type: 'string' },
    });
  });

  t.test('a first read returns every row in (cursor, key) order as plain JSON', async (t) => {
    const batches = await collect(orders, { batchSize: 2 }, ctx);
    const rows = records(batches);
    t.same(
      rows.map((r) => r.id),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      'ties on the cursor are broken by the key, none lost',
    );
    t.strictSame(rows[0], {
      id: 1,
      updated_at: '2025-01-01T00:00:00.000123Z',
      total: '1.50',
      paid: false,
      lines: [{ sku: 'S1' }],
      created: '2025-01-02',
      local_time: '2025-01-01T08:00:00.000',
      tags: ['t1'],
      note: '',
    });
    t.same(
      batches.at(-1)?.state,
      { after: ['2025-01-01T00:03:00.000123Z', 10] },
      'the state is after the last (cursor, key)',
    );
    t.same(batches[0]?.state, { after: ['2025-01-01T00:00:00.000123Z', 2] });
    t.equal(batches.at(-1)?.progress?.done, 10);
  });

  t.test('a read from the returned state yields only rows after it', async (t) => {
    const first = await collect(orders, { batchSize: 4 }, ctx);
    const state = first.at(-1)?.state;
    await db.query(`
      INSERT INTO shop.orders (id, updated_at) VALUES
        (11, '2025-01-01T00:03:00.000123Z'),  -- ties with the last row read, greater key: read
        (0,  '2025-01-01T00:03:00.000123Z'),  -- ties, smaller key: already passed
        (12, '2025-01-01T00:10:00Z'),
        (13, '2024-12-31T00:00:00Z');         -- older cursor: an incremental read does not look back
      UPDATE shop.orders SET updated_at = '2025-01-01T00:20:00Z' WHERE id = 2;`);
    const second = await collect(orders, { batchSize: 2, state }, ctx);
    t.same(
      records(second).map((r) => r.id),
      [11, 12, 2],
    );
    const third = await collect(orders, { batchSize: 2, state: second.at(-1)?.state }, ctx);
    t.same(records(third), [], 'nothing new: no rows');
    t.equal(third.length, 1, 'one empty batch carries the final state');
    t.same(third[0]?.state, second.at(-1)?.state, 'which has not moved');
  });

  t.test('a run resumed from a mid-run state continues without loss or repeats', async (t) => {
    const all = records(await collect(orders, { batchSize: 100 }, ctx)).map((r) => r.id);
    const firstRun = await collect(orders, { batchSize: 3 }, ctx);
    const resumed = await collect(orders, { batchSize: 3, state: firstRun[1]?.state }, ctx);
    const ids = [...records(firstRun.slice(0, 2)), ...records(resumed)].map((r) => r.id);
    t.same(ids, all);
  });

  t.test('a full refresh ignores the state', async (t) => {
    const total = (await db.query('SELECT count(*)::int AS n FROM shop.orders')).rows[0].n;
    const batches = await collect(
      orders,
      { batchSize: 5, state: { after: ['2100-01-01T00:00:00Z', 0] }, fullRefresh: true },
      ctx,
    );
    t.equal(records(batches).length, total);
  });

  t.test('rows with a NULL cursor are read after the others, on every run', async (t) => {
    await db.query(`
      CREATE TABLE shop.leads (code text PRIMARY KEY, seen_at timestamptz);
      INSERT INTO shop.leads VALUES ('a', '2025-01-01Z'), ('b', NULL), ('c', '2025-01-02Z'), ('d', NULL), ('e', NULL);`);
    const leadsSource = await plugin.source!.open(
      { url, streams: { leads: { schema: 'shop', table: 'leads', key: ['code'], cursorField: 'seen_at' } } },
      ctx,
    );
    t.teardown(() => leadsSource.close?.());
    const [leads] = await leadsSource.streams();
    const first = await collect(leads!, { batchSize: 2 }, ctx);
    t.same(
      records(first).map((r) => r.code),
      ['a', 'c', 'b', 'd', 'e'],
    );
    t.same(
      first.map((b) => b.state),
      [
        { after: ['2025-01-02T00:00:00.000Z', 'c'] },
        { after: ['2025-01-02T00:00:00.000Z', 'c'], nulls: ['d'] },
        { after: ['2025-01-02T00:00:00.000Z', 'c'] },
      ],
    );
    const resumed = await collect(leads!, { batchSize: 2, state: first[1]?.state }, ctx);
    t.same(
      records(resumed).map((r) => r.code),
      ['e'],
      'a run stopped among the nulls resumes there',
    );
    const next = await collect(leads!, { batchSize: 2, state: first.at(-1)?.state }, ctx);
    t.same(
      records(next).map((r) => r.code),
      ['b', 'd', 'e'],
      'a new run reads the NULL-cursor rows again',
    );
  });

  t.test('a state that does not fit the stream starts over, with a warning', async (t) => {
    const batches = await collect(orders, { batchSize: 100, state: { after: ['2025-01-01T00:00:00Z'] } }, ctx);
    t.ok(records(batches).length > 10);
    t.ok(ctx.logs.some((l) => l.level === 'warn' && /does not fit/.test(l.message)));
  });
}

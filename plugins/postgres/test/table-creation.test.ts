import { ConfigError, type SinkConnection } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { connect, freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);
  const db = await connect(t, url);
  const ctx = testContext();
  const sink: SinkConnection = await plugin.sink!.open({ url, schema: 'crm', table_prefix: 'dt_' }, ctx);
  t.teardown(() => sink.close?.());

  const columnTypes = async (schema: string, table: string) => {
    const { rows } = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
        WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
      [schema, table],
    );
    return Object.fromEntries(rows.map((r) => [r.column_name, r.data_type]));
  };

  t.test('a missing table is created in a created schema with the mapped column types', async (t) => {
    await sink.object({
      name: 'orders',
      key: ['id'],
      schema: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          created_at: { type: 'string', format: 'date-time' },
          ship_date: { type: ['string', 'null'], format: 'date' },
          total: { type: 'string', format: 'decimal' },
          fee: { type: 'string', pattern: '^\\d+\\.\\d{2}$' },
          rate: { type: 'string', 'x-sql-type': 'numeric(6,4)' },
          quantity: { type: 'integer' },
          weight: { type: 'number' },
          paid: { type: 'boolean' },
          address: { type: 'object' },
          lines: { type: 'array', items: { type: 'object' } },
          note: { type: ['string', 'null'] },
        },
      },
    });
    t.same(await columnTypes('crm', 'dt_orders'), {
      id: 'text',
      created_at: 'timestamp with time zone',
      ship_date: 'date',
      total: 'numeric',
      fee: 'numeric',
      rate: 'numeric',
      quantity: 'bigint',
      weight: 'numeric',
      paid: 'boolean',
      address: 'jsonb',
      lines: 'jsonb',
      note: 'text',
    });
    const { rows } = await db.query<{ column_name: string }>(
      `SELECT k.column_name FROM information_schema.table_constraints c
         JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
        WHERE c.table_schema = 'crm' AND c.table_name = 'dt_orders' AND c.constraint_type = 'PRIMARY KEY'`,
    );
    t.same(
      rows.map((r) => r.column_name),
      ['id'],
      'the key is the primary key',
    );
    t.ok(
      ctx.logs.some((l) => l.message === 'created table'),
      'the creation is logged',
    );
  });

  t.test('a compound key becomes a compound primary key; names are quoted', async (t) => {
    await sink.object({
      name: 'Order "Lines"',
      key: ['channel', 'order no'],
      schema: {
        type: 'object',
        properties: { channel: { type: 'string' }, 'order no': { type: 'integer' }, Select: { type: 'string' } },
      },
    });
    t.same(await columnTypes('crm', 'dt_Order "Lines"'), { channel: 'text', 'order no': 'bigint', Select: 'text' });
  });

  t.test('a grown schema adds its new columns to the existing table and keeps the rows', async (t) => {
    const v1 = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } };
    const first = await sink.object({ name: 'contacts', key: ['id'], schema: v1 });
    await first.write([{ key: 'c1', record: { id: 'c1', name: 'Li' } }], ctx);
    const v2 = {
      type: 'object',
      properties: { ...v1.properties, tier: { type: 'integer' }, joined: { type: 'string', format: 'date-time' } },
    };
    const second = await sink.object({ name: 'contacts', key: ['id'], schema: v2 });
    t.same(await columnTypes('crm', 'dt_contacts'), {
      id: 'text',
      name: 'text',
      tier: 'bigint',
      joined: 'timestamp with time zone',
    });
    await second.write(
      [{ key: 'c2', record: { id: 'c2', name: 'Wang', tier: 2, joined: '2025-01-02T03:04:05.000Z' } }],
      ctx,
    );
    const back = await second.readBack!(['c1', 'c2']);
    t.same(
      back.get('c1'),
      { id: 'c1', name: 'Li', tier: null, joined: null },
      'the old row has nulls in the new columns',
    );
    t.same(back.get('c2'), { id: 'c2', name: 'Wang', tier: 2, joined: '2025-01-02T03:04:05.000Z' });
    t.ok(
      ctx.logs.some((l) => l.message === 'added columns'),
      'the change is logged',
    );
  });

  t.test('a table that exists without a unique key on the object key is a config error', async (t) => {
    await db.query('CREATE TABLE crm.dt_nokey (id text, v text)');
    await t.rejects(
      sink.object({ name: 'nokey', key: ['id'], schema: { type: 'object', properties: { id: { type: 'string' } } } }),
      ConfigError,
    );
  });

  t.test('a table name longer than Postgres keeps is refused, not truncated', async (t) => {
    await t.rejects(sink.object({ name: 'x'.repeat(70), key: ['id'], schema: { type: 'object' } }), ConfigError);
  });

  t.test('opening the same object from two connections at once creates the table once', async (t) => {
    const other = await plugin.sink!.open({ url, schema: 'crm', table_prefix: 'dt_' }, ctx);
    t.teardown(() => other.close?.());
    const spec = { name: 'race', key: ['id'], schema: { type: 'object', properties: { id: { type: 'string' } } } };
    await Promise.all([sink.object(spec), other.object(spec), sink.object(spec)]);
    t.same(await columnTypes('crm', 'dt_race'), { id: 'text' });
  });
}

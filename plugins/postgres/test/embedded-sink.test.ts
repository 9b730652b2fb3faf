import { ConfigError, recordKey, type DataRecord } from '@datong/sdk';
import { PGlite } from '@electric-sql/pglite';
import t from 'tap';
import plugin from '../src/index.js';
import { pgliteSqlClient } from './helpers/pglite-sql-client.js';
import { testContext } from './helpers/test-context.js';

// No server needed: the embedded database is PGlite, in memory.
const pglite = new PGlite();
t.teardown(() => pglite.close());
const points: string[] = [];
const ctx = testContext({ embeddedSql: pgliteSqlClient(pglite), fault: (point) => points.push(point) });

const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    total: { type: 'string', format: 'decimal' },
    quantity: { type: 'integer' },
    paid: { type: 'boolean' },
    updated_at: { type: 'string', format: 'date-time' },
    meta: { type: ['object', 'null'] },
  },
};
const writes = (rs: DataRecord[], key = ['id']) => rs.map((record) => ({ key: recordKey(record, key), record }));

t.test('without a url the sink writes into the embedded database', async (t) => {
  const sink = await plugin.sink!.open({ schema: 'warehouse' }, ctx);
  await sink.check?.();
  const orders = await sink.object({ name: 'orders', key: ['id'], schema });
  const first = {
    id: 'E1',
    status: 'open',
    total: '9.90',
    quantity: 1,
    paid: false,
    updated_at: '2025-01-01T00:00:00.000Z',
    meta: { a: 'tab\there' },
  };
  const second = {
    id: 'E2',
    status: 'open',
    total: '1',
    quantity: 2,
    paid: true,
    updated_at: '2025-01-01T00:00:01.000Z',
    meta: null,
  };
  await orders.write(writes([first, second]), ctx);
  await orders.write(writes([first, second]), ctx);
  const changed = { ...first, status: 'paid', paid: true };
  await orders.write(writes([{ ...first, status: 'stale' }, changed]), ctx);

  const { rows } = await pglite.query<{ id: string; status: string }>(
    'SELECT id, status FROM warehouse.orders ORDER BY id',
  );
  t.same(
    rows,
    [
      { id: 'E1', status: 'paid' },
      { id: 'E2', status: 'open' },
    ],
    'one row per key, the last record of the batch wins',
  );
  t.same(points, ['mid-batch', 'mid-batch', 'mid-batch'], 'the fault hook runs in every write');

  const back = await orders.readBack!(['E1', 'E2']);
  t.strictSame(back.get('E1'), changed, 'read back equals what was written');
  t.strictSame(back.get('E2'), second);

  await orders.delete!(['E2']);
  t.same([...(await orders.readBack!(['E1', 'E2'])).keys()], ['E1']);

  const { rows: types } = await pglite.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position`,
  );
  t.same(
    types.map((r) => r.data_type),
    ['text', 'text', 'numeric', 'bigint', 'boolean', 'timestamp with time zone', 'jsonb'],
    'the same column types as on a server',
  );
  await sink.close?.();
});

t.test('compound keys and a crash before the commit, embedded', async (t) => {
  const sink = await plugin.sink!.open({ table_prefix: 'emb_' }, ctx);
  const key = ['channel', 'no'];
  const lines = await sink.object({
    name: 'lines',
    key,
    schema: {
      type: 'object',
      properties: { channel: { type: 'string' }, no: { type: 'integer' }, qty: { type: 'number' } },
    },
  });
  await lines.write(
    writes(
      [
        { channel: 'jd', no: 1, qty: 1.5 },
        { channel: 'jd', no: 2, qty: 2 },
      ],
      key,
    ),
    ctx,
  );
  const crashing = testContext({
    embeddedSql: pgliteSqlClient(pglite),
    fault: () => {
      throw new Error('crash');
    },
  });
  await t.rejects(lines.write(writes([{ channel: 'jd', no: 3, qty: 3 }], key), crashing), /crash/);
  const back = await lines.readBack!(['["jd","1"]', '["jd","2"]', '["jd","3"]']);
  t.same(
    [...back.values()].sort((a, b) => Number(a.no) - Number(b.no)),
    [
      { channel: 'jd', no: 1, qty: 1.5 },
      { channel: 'jd', no: 2, qty: 2 },
    ],
  );
});

t.test('no url and no embedded database is a config error', async (t) => {
  await t.rejects(plugin.sink!.open({}, testContext()), ConfigError);
});

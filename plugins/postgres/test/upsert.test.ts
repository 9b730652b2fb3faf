import { recordKey, type DataRecord, type SinkWrite } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { connect, freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const orderSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    total: { type: 'string', format: 'decimal' },
    updated_at: { type: 'string', format: 'date-time' },
    note: { type: ['string', 'null'] },
    meta: { type: ['object', 'null'] },
  },
};

const writes = (records: DataRecord[], key: string[] = ['id']): SinkWrite[] =>
  records.map((record) => ({ key: recordKey(record, key), record }));

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);
  const db = await connect(t, url);
  const ctx = testContext();
  const sink = await plugin.sink!.open({ url }, ctx);
  t.teardown(() => sink.close?.());
  const rowsOf = async (table: string, order = 'id') =>
    (await db.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;

  t.test('writing the same batch twice leaves one row per key; a changed batch updates them', async (t) => {
    const orders = await sink.object({ name: 'orders', key: ['id'], schema: orderSchema });
    const batch = writes([
      {
        id: 'A1',
        status: 'open',
        total: '10.50',
        updated_at: '2025-01-01T00:00:00.000Z',
        note: null,
        meta: { src: 'jd' },
      },
      { id: 'A2', status: 'open', total: '3', updated_at: '2025-01-01T00:00:00.000Z', note: 'gift', meta: null },
    ]);
    await orders.write(batch, ctx);
    await orders.write(batch, ctx);
    t.equal((await rowsOf('orders')).length, 2, 'one row per key');

    await orders.write(
      writes([
        { id: 'A1', status: 'paid', total: '11.00', updated_at: '2025-01-02T00:00:00.000Z', note: 'x', meta: null },
      ]),
      ctx,
    );
    const rows = await rowsOf('orders');
    t.equal(rows.length, 2);
    t.match(rows[0], { id: 'A1', status: 'paid', total: '11.00', note: 'x', meta: null }, 'the newer content wins');
    t.match(rows[1], { id: 'A2', status: 'open', total: '3', note: 'gift' }, 'other rows are untouched');
  });

  t.test('a key repeated within a batch keeps its last record', async (t) => {
    const orders = await sink.object({ name: 'dupes', key: ['id'], schema: orderSchema });
    await orders.write(
      writes([
        { id: 'D1', status: 'first', total: '1' },
        { id: 'D2', status: 'only', total: '2' },
        { id: 'D1', status: 'second', total: '1' },
        { id: 'D1', status: 'last', total: '1' },
      ]),
      ctx,
    );
    t.same(
      (await rowsOf('dupes')).map((r) => [r.id, r.status]),
      [
        ['D1', 'last'],
        ['D2', 'only'],
      ],
    );
  });

  t.test('compound keys upsert on all their columns', async (t) => {
    const schema = {
      type: 'object',
      properties: { channel: { type: 'string' }, order_no: { type: 'integer' }, amount: { type: 'number' } },
    };
    const lines = await sink.object({ name: 'channel_orders', key: ['channel', 'order_no'], schema });
    const key = ['channel', 'order_no'];
    await lines.write(
      writes(
        [
          { channel: 'jd', order_no: 1, amount: 5 },
          { channel: 'tmall', order_no: 1, amount: 6 },
        ],
        key,
      ),
      ctx,
    );
    await lines.write(
      writes(
        [
          { channel: 'jd', order_no: 1, amount: 7.25 },
          { channel: 'jd', order_no: 2, amount: 1 },
        ],
        key,
      ),
      ctx,
    );
    const rows = await rowsOf('channel_orders', 'channel, order_no');
    t.same(
      rows.map((r) => [r.channel, r.order_no, r.amount]),
      [
        ['jd', '1', '7.25'],
        ['jd', '2', '1'],
        ['tmall', '1', '6'],
      ],
    );
  });

  t.test('text and JSON survive COPY: tabs, newlines, backslashes, quotes, unicode', async (t) => {
    const orders = await sink.object({ name: 'tricky', key: ['id'], schema: orderSchema });
    const nasty = 'tab\there\nnew line\r\nback\\slash "quoted" \\N 打通 🚚';
    const record = {
      id: 'T\t1',
      status: nasty,
      total: '-0.000100',
      updated_at: '2025-06-30T23:59:59.999Z',
      note: '',
      meta: { nasty, list: [1, 'a\\b'], s: '\\.' },
    };
    await orders.write(writes([record]), ctx);
    const [row] = await rowsOf('tricky');
    t.match(row, { id: 'T\t1', status: nasty, total: '-0.000100', note: '', meta: record.meta });
    t.equal(row?.note, '', 'an empty string is not null');
  });

  t.test('a JSON column keeps strings, numbers and null apart', async (t) => {
    const schema = { type: 'object', properties: { id: { type: 'string' }, v: {} } };
    const any = await sink.object({ name: 'anything', key: ['id'], schema });
    await any.write(
      writes([
        { id: 'a', v: 'text' },
        { id: 'b', v: 12.5 },
        { id: 'c', v: null },
        { id: 'd', v: [true, null] },
      ]),
      ctx,
    );
    const { rows } = await db.query<{ id: string; t: string | null }>(
      'SELECT id, jsonb_typeof(v) AS t FROM anything ORDER BY id',
    );
    t.same(
      rows.map((r) => r.t),
      ['string', 'number', null, 'array'],
      'null is SQL NULL, the rest keep their JSON type',
    );
  });

  t.test('fields outside the schema are not written', async (t) => {
    const orders = await sink.object({ name: 'narrow', key: ['id'], schema: orderSchema });
    await orders.write(writes([{ id: 'N1', status: 'open', extra: 'ignored', total: '1' }]), ctx);
    const { rows } = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'narrow'`);
    t.notOk(rows.some((r) => r.column_name === 'extra'));
    t.equal((await rowsOf('narrow')).length, 1);
  });

  t.test('the fault hook runs once per batch after the rows are sent and before they are committed', async (t) => {
    const orders = await sink.object({ name: 'faulty', key: ['id'], schema: orderSchema });
    // Sequences ignore rollback: a trigger counting rows proves they reached the table even when
    // the transaction never commits.
    await db.query(`CREATE SEQUENCE faulty_rows;
      CREATE FUNCTION count_faulty() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM nextval('faulty_rows'); RETURN NEW; END $$;
      CREATE TRIGGER count_rows BEFORE INSERT ON faulty FOR EACH ROW EXECUTE FUNCTION count_faulty();`);
    const rowsSeen = async () =>
      Number((await db.query('SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM faulty_rows')).rows[0].n);

    const points: string[] = [];
    const crashing = testContext({
      fault: (point) => {
        points.push(point);
        throw new Error(`crash at ${point}`);
      },
    });
    await t.rejects(
      orders.write(
        writes([
          { id: 'F1', status: 'open' },
          { id: 'F2', status: 'open' },
        ]),
        crashing,
      ),
      /crash at mid-batch/,
    );
    t.same(points, ['mid-batch'], 'called once per batch');
    t.equal(await rowsSeen(), 2, 'the rows had reached the table when the hook ran');
    t.equal((await rowsOf('faulty')).length, 0, 'and were not committed: the crash left nothing of the batch');

    const calm = testContext({ fault: (point) => points.push(point) });
    await orders.write(
      writes([
        { id: 'F1', status: 'open' },
        { id: 'F2', status: 'open' },
      ]),
      calm,
    );
    t.same(points, ['mid-batch', 'mid-batch']);
    t.equal((await rowsOf('faulty')).length, 2, 'a hook that returns lets the batch commit');
  });

  t.test('a batch larger than one COPY chunk arrives whole', async (t) => {
    const orders = await sink.object({ name: 'bulk', key: ['id'], schema: orderSchema });
    const many = Array.from({ length: 12_000 }, (_, i) => ({
      id: `B${String(i).padStart(6, '0')}`,
      status: i % 2 ? 'open' : 'paid',
      total: `${i}.99`,
      updated_at: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
      note: 'x'.repeat(20),
      meta: { i, tags: ['a', 'b'] },
    }));
    await orders.write(writes(many), ctx);
    const { rows } = await db.query<{ n: number; s: string }>(
      'SELECT count(*)::int AS n, sum(total)::text AS s FROM bulk',
    );
    t.same(rows[0], { n: 12_000, s: `${(12_000 * 11_999) / 2 + 12_000 * 0.99}.00` });
  });

  t.test('a table with an array column is written through the JSON path', async (t) => {
    await db.query('CREATE TABLE tagged (id text PRIMARY KEY, tags text[], n integer)');
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        n: { type: 'integer' },
      },
    };
    const tagged = await sink.object({ name: 'tagged', key: ['id'], schema });
    await tagged.write(writes([{ id: 'x', tags: ['a', 'b c', 'd"e'], n: 1 }]), ctx);
    await tagged.write(writes([{ id: 'x', tags: ['z'], n: 2 }]), ctx);
    t.same(await rowsOf('tagged'), [{ id: 'x', tags: ['z'], n: 2 }]);
    t.same(await tagged.readBack!(['x']), new Map([['x', { id: 'x', tags: ['z'], n: 2 }]]));
  });

  t.test('an empty batch is a no-op', async (t) => {
    const orders = await sink.object({ name: 'orders', key: ['id'], schema: orderSchema });
    await orders.write([], ctx);
    t.pass();
  });
}

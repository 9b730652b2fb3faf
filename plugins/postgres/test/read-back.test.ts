import { recordKey, type DataRecord, type SinkObject } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { connect, freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    total: { type: 'string', format: 'decimal' },
    weight: { type: ['number', 'null'] },
    quantity: { type: 'integer' },
    big: { type: ['integer', 'string', 'null'], 'x-sql-type': 'bigint' },
    paid: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    ship_date: { type: ['string', 'null'], format: 'date' },
    address: { type: 'object' },
    tags: { type: 'array' },
  },
};

const records: DataRecord[] = [
  {
    id: 'R1',
    name: 'Zhang "Wei"\tthe first',
    total: '1234.50',
    weight: 0.1,
    quantity: 42,
    big: 9_007_199_254_740_991,
    paid: true,
    created_at: '2025-03-04T05:06:07.089Z',
    ship_date: '2025-03-05',
    address: { city: '杭州', lines: ['1 Road', null], zip: '310000', geo: { lat: 30.25, lng: 120.16 } },
    tags: ['vip', 1, false],
  },
  {
    id: 'R2',
    name: '',
    total: '-0.0001',
    weight: null,
    quantity: -7,
    big: null,
    paid: false,
    created_at: '1999-12-31T23:59:59.000Z',
    ship_date: null,
    address: {},
    tags: [],
  },
];

const writes = (rs: DataRecord[], key = ['id']) => rs.map((record) => ({ key: recordKey(record, key), record }));

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);
  const db = await connect(t, url);
  const ctx = testContext();
  const sink = await plugin.sink!.open({ url, schema: 'rb' }, ctx);
  t.teardown(() => sink.close?.());
  const people: SinkObject = await sink.object({ name: 'people', key: ['id'], schema });
  await people.write(writes(records), ctx);

  t.test('a record written and read back is equal to what was written', async (t) => {
    const back = await people.readBack!(['R1', 'R2', 'nobody']);
    t.equal(back.size, 2, 'keys with no row are absent');
    t.strictSame(back.get('R1'), records[0]);
    t.strictSame(back.get('R2'), records[1]);
  });

  t.test('values Postgres holds more precisely than a JSON number come back as text', async (t) => {
    await db.query(
      `INSERT INTO rb.people (id, big, created_at) VALUES ('R3', 9223372036854775807, '2025-01-01 00:00:00.123456+08')`,
    );
    const back = await people.readBack!(['R3']);
    t.equal(back.get('R3')?.big, '9223372036854775807', 'a bigint beyond 2^53 stays exact');
    t.equal(back.get('R3')?.created_at, '2024-12-31T16:00:00.123456Z', 'microseconds are kept, in UTC');
  });

  t.test('infinite timestamps read back as Postgres prints them', async (t) => {
    await db.query(`INSERT INTO rb.people (id, created_at, ship_date) VALUES ('R4', 'infinity', '-infinity')`);
    const back = await people.readBack!(['R4']);
    t.match(back.get('R4'), { created_at: 'infinity', ship_date: '-infinity' });
  });

  t.test('delete removes exactly the given keys', async (t) => {
    await people.delete!(['R2', 'R4', 'nobody']);
    const { rows } = await db.query('SELECT id FROM rb.people ORDER BY id');
    t.same(
      rows.map((r) => r.id),
      ['R1', 'R3'],
    );
    await people.delete!([]);
  });

  t.test('compound keys read back and delete by the JSON array of their parts', async (t) => {
    const lineSchema = {
      type: 'object',
      properties: {
        channel: { type: 'string' },
        order_no: { type: 'integer' },
        day: { type: 'string', format: 'date' },
        qty: { type: 'integer' },
      },
    };
    const key = ['channel', 'order_no', 'day'];
    const lines = await sink.object({ name: 'lines', key, schema: lineSchema });
    const rows = [
      { channel: 'jd', order_no: 1, day: '2025-01-01', qty: 1 },
      { channel: 'jd', order_no: 1, day: '2025-01-02', qty: 2 },
      { channel: 'tmall', order_no: 1, day: '2025-01-01', qty: 3 },
    ];
    await lines.write(writes(rows, key), ctx);
    const wanted = [recordKey(rows[0]!, key), recordKey(rows[2]!, key), '["jd","9","2025-01-01"]'];
    const back = await lines.readBack!(wanted);
    t.same([...back.keys()].sort(), [wanted[0], wanted[1]].sort());
    t.strictSame(back.get(wanted[0]!), rows[0]);
    await lines.delete!([wanted[0]!]);
    const { rows: left } = await db.query('SELECT qty FROM rb.lines ORDER BY qty');
    t.same(
      left.map((r) => Number(r.qty)),
      [2, 3],
    );
    await t.rejects(lines.readBack!(['jd']), /not a compound key of 3 parts/);
  });
}

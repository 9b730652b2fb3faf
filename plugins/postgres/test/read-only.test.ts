import { ConfigError, DatongError, recordKey, type DataRecord, type SinkObject, type SqlClient } from '@datong/sdk';
import pg from 'pg';
import t, { type Test } from 'tap';
import plugin from '../src/index.js';
import { sinkTargets, type SinkTarget } from './helpers/sink-targets.js';

const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    spent: { type: 'string', format: 'decimal' },
    joined: { type: 'string', format: 'date-time' },
    tags: { type: ['array', 'null'] },
  },
};
const customers: DataRecord[] = [
  { id: 'C1', name: '李伟', spent: '1290.00', joined: '2025-03-01T08:00:00.000Z', tags: ['vip'] },
  { id: 'C2', name: 'Emma Johnson', spent: '80.50', joined: '2025-03-02T09:30:00.000Z', tags: null },
];
const writes = (records: DataRecord[]) => records.map((record) => ({ key: recordKey(record, ['id']), record }));

async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

/** The database seen behind the plugin's back: the embedded one as it is, the server through a client of its own. */
async function lookAt(t: Test, target: SinkTarget): Promise<Pick<SqlClient, 'query'>> {
  if (target.ctx.embeddedSql !== undefined) return target.ctx.embeddedSql;
  const client = new pg.Client({ connectionString: String(target.config.url) });
  await client.connect();
  t.teardown(() => client.end());
  return { query: async (sql, params) => ({ rows: (await client.query(sql, params)).rows }) };
}

/** Every table of a schema, with its columns, in order. */
async function tables(db: Pick<SqlClient, 'query'>, schema: string): Promise<Record<string, string[]>> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    'SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
    [schema],
  );
  const out: Record<string, string[]> = {};
  for (const row of rows) (out[row.table_name] ??= []).push(row.column_name);
  return out;
}

async function refusal(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(() => undefined, (error: unknown) => error);
}

for (const target of await sinkTargets(t, 'readonly')) {
  t.test(`${target.name}: a fresh database opened read-only gets no schema and no table, and holds nothing`, async (t) => {
    const { ctx } = target;
    const db = await lookAt(t, target);
    const sink = await plugin.sink!.open(target.config, ctx);
    t.teardown(() => sink.close?.());
    const object = await sink.object({ name: 'customers', key: ['id'], schema, readOnly: true });

    t.same((await object.readBack!(['C1', 'C2'])).size, 0, 'read-back finds nothing');
    t.same([...(await scanned(object)).keys()], [], 'scan finds nothing');
    for (const [call, fn] of [['write', () => object.write(writes(customers), ctx)], ['delete', () => object.delete!(['C1'])]] as const) {
      const error = await refusal(fn);
      t.ok(error instanceof DatongError && error.code === 'SINK_READ_ONLY', `${call} is refused with SINK_READ_ONLY`);
      t.match((error as Error).message, new RegExp(`"readonly"\\."customers" was opened read-only \\(a dry run or a reconciliation\\): ${call} is refused`));
    }
    const { rows } = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', ['readonly']);
    t.same(rows, [], 'no schema was created');
    t.same(await tables(db, 'readonly'), {}, 'nor any table');
    t.ok(ctx.logs.some((l) => l.message === 'table not created: opened read-only, it holds no records'), 'what a run would create is logged');
  });

  t.test(`${target.name}: after a normal write, a read-only object reads back and scans the same rows, and refuses to change them`, async (t) => {
    const { ctx } = target;
    const sink = await plugin.sink!.open(target.config, ctx);
    t.teardown(() => sink.close?.());
    const normal = await sink.object({ name: 'members', key: ['id'], schema });
    await normal.write(writes(customers), ctx);
    const readOnly = await sink.object({ name: 'members', key: ['id'], schema, readOnly: true });

    const keys = ['C1', 'C2', 'C-absent'];
    t.strictSame(await readOnly.readBack!(keys), await normal.readBack!(keys), 'read-back alike');
    t.strictSame(await scanned(readOnly), await scanned(normal), 'scan alike');
    t.ok(await refusal(() => readOnly.write(writes([{ ...customers[0]!, name: 'changed' }]), ctx)), 'a write is refused');
    t.ok(await refusal(() => readOnly.delete!(['C2'])), 'a delete is refused');
    t.strictSame([...(await normal.readBack!(keys)).values()], customers, 'the rows are as the normal write left them');
  });

  t.test(`${target.name}: a table the schema has outgrown is read by the columns it has, and not altered`, async (t) => {
    const { ctx } = target;
    const db = await lookAt(t, target);
    const sink = await plugin.sink!.open(target.config, ctx);
    t.teardown(() => sink.close?.());
    const v1 = { type: 'object', properties: { id: schema.properties.id, name: schema.properties.name } };
    await (await sink.object({ name: 'people', key: ['id'], schema: v1 })).write(writes([{ id: 'P1', name: '张敏' }]), ctx);
    const before = await tables(db, 'readonly');

    const readOnly = await sink.object({ name: 'people', key: ['id'], schema, readOnly: true });
    const expected = { id: 'P1', name: '张敏', spent: null, joined: null, tags: null };
    t.strictSame((await readOnly.readBack!(['P1'])).get('P1'), expected, 'the columns it has, the ones a run would add read as null');
    t.strictSame([...(await scanned(readOnly)).values()], [expected], 'scan alike');
    t.same((await tables(db, 'readonly')).people, ['id', 'name'], 'no column was added');
    t.same(await tables(db, 'readonly'), before, 'nothing else changed');
  });

  t.test(`${target.name}: a table without a unique key is the same config error read-only as for a run`, async (t) => {
    const db = await lookAt(t, target);
    const sink = await plugin.sink!.open(target.config, target.ctx);
    t.teardown(() => sink.close?.());
    await db.query('CREATE TABLE readonly.loose (id text, name text)');
    await t.rejects(sink.object({ name: 'loose', key: ['id'], schema, readOnly: true }), ConfigError);
  });
}

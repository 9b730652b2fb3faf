import t from 'tap';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { fileSink } from '../src/file-sink.js';
import { openObject, writes } from './helpers/sink.js';
import { testContext } from './helpers/context.js';

const ALICE = { customer_id: 'C1', name: '张三', orders: 3, vip: true, tags: ['tmall', 'jd'], updated_at: '2024-03-01T10:00:00Z' };
const BOB = { customer_id: 'C2', name: 'Bob "the builder", Jr.', orders: 0, vip: false, tags: [], updated_at: '2024-03-02T10:00:00Z' };
const CAROL = { customer_id: 'C3', name: '王五', orders: 12, vip: false, tags: ['douyin'], updated_at: '2024-03-03T10:00:00Z' };

for (const format of ['ndjson', 'csv', 'xlsx'] as const) {
  t.test(`${format}: writing the same batch twice leaves one copy of each record`, async (t) => {
    const dir = t.testdir({});
    const { object } = await openObject(dir, { format });
    const batch = writes([ALICE, BOB]);
    await object.write(batch, testContext(dir));
    await object.write(batch, testContext(dir));
    // A fresh object loads the file itself: what is on disk, not what is in memory.
    const { object: reopened } = await openObject(dir, { format });
    const back = await reopened.readBack!(['C1', 'C2']);
    t.same([...back.keys()], ['C1', 'C2']);
    t.same(back.get('C1'), format === 'xlsx' ? { ...ALICE, updated_at: '2024-03-01T10:00:00.000Z' } : ALICE, 'types survive the round trip');
    t.same(readdirSync(join(dir, 'out')), [`customers.${format}`], 'no temporary file is left behind');
  });

  t.test(`${format}: an upsert replaces a record in place; readBack and delete work by key`, async (t) => {
    const dir = t.testdir({});
    const { object } = await openObject(dir, { format });
    await object.write(writes([ALICE, BOB, CAROL]), testContext(dir));
    await object.write(writes([{ ...BOB, orders: 1 }]), testContext(dir));
    const back = await object.readBack!(['C2', 'C9']);
    t.same([...back.keys()], ['C2'], 'unknown keys are simply absent');
    t.equal(back.get('C2')!.orders, 1);

    await object.delete!(['C1']);
    const { object: reopened } = await openObject(dir, { format });
    const all = await reopened.readBack!(['C1', 'C2', 'C3']);
    t.same([...all.keys()], ['C2', 'C3'], 'the deleted record is gone from the file; order is kept');
  });
}

t.test('csv: a header row in schema order, RFC 4180 quoting, CRLF line ends', async (t) => {
  const dir = t.testdir({});
  const { object } = await openObject(dir, { format: 'csv' });
  await object.write(writes([BOB, { customer_id: 'C4', extra: 'x' }]), testContext(dir));
  t.equal(
    readFileSync(join(dir, 'out', 'customers.csv'), 'utf8'),
    'customer_id,name,orders,vip,tags,updated_at,extra\r\n' +
      'C2,"Bob ""the builder"", Jr.",0,false,[],2024-03-02T10:00:00Z,\r\n' +
      'C4,,,,,,x\r\n',
  );
});

t.test('csv utf8-bom starts with a BOM; gbk and gb18030 are encoded so Chinese Excel opens them', async (t) => {
  for (const encoding of ['utf8-bom', 'gbk', 'gb18030'] as const) {
    const dir = t.testdir({});
    const { object } = await openObject(dir, { format: 'csv', encoding });
    await object.write(writes([ALICE]), testContext(dir));
    const bytes = readFileSync(join(dir, 'out', 'customers.csv'));
    const text = encoding === 'utf8-bom' ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
    t.equal(text, `${encoding === 'utf8-bom' ? '\uFEFF' : ''}customer_id,name,orders,vip,tags,updated_at\r\nC1,张三,3,true,"[""tmall"",""jd""]",2024-03-01T10:00:00Z\r\n`, encoding);
    const { object: reopened } = await openObject(dir, { format: 'csv', encoding });
    t.same((await reopened.readBack!(['C1'])).get('C1'), ALICE, `${encoding} reads back`);
  }
});

t.test('csv gbk refuses a record GBK cannot hold instead of writing "?"', async (t) => {
  const dir = t.testdir({});
  const { object } = await openObject(dir, { format: 'csv', encoding: 'gbk' });
  const results = await object.write(writes([ALICE, { customer_id: 'C5', name: '小红🌸' }]), testContext(dir));
  t.match(results, [{ key: 'C1', error: undefined }, { key: 'C5', error: /field "name".*GBK cannot encode.*gb18030/ }]);
  t.same([...(await object.readBack!(['C1', 'C5'])).keys()], ['C1']);
});

t.test('an existing file that cannot be loaded stops the sink instead of being overwritten', async (t) => {
  const dir = t.testdir({ out: { 'customers.ndjson': '{"customer_id":"C1"}\n{"customer_id":\n' } });
  await t.rejects(openObject(dir, { format: 'ndjson' }), { code: 'SINK_FILE_UNREADABLE', message: /customers\.ndjson:2/ });
  const keyless = t.testdir({ out: { 'customers.csv': 'name\n张三\n' } });
  await t.rejects(openObject(keyless, { format: 'csv' }), { message: /customers\.csv:2: key field "customer_id" is empty/ });
});

t.test('a crash between writing the temporary file and renaming it leaves the old file intact', async (t) => {
  const dir = t.testdir({});
  const { object } = await openObject(dir, { format: 'ndjson' });
  await object.write(writes([ALICE]), testContext(dir));
  writeFileSync(join(dir, 'out', 'customers.ndjson.tmp'), '{"customer_id":"C1","na');
  const { object: reopened } = await openObject(dir, { format: 'ndjson' });
  t.same((await reopened.readBack!(['C1'])).get('C1'), ALICE);
  await reopened.write(writes([BOB]), testContext(dir));
  t.same(readdirSync(join(dir, 'out')).sort(), ['customers.ndjson']);
});

t.test('check creates the folder', async (t) => {
  const dir = t.testdir({});
  const connection = await fileSink.open({ dir: 'exports/rescue' }, testContext(dir));
  await connection.check!();
  t.same(readdirSync(join(dir, 'exports')), ['rescue']);
});

t.test('asking twice for one object gives the same object, so no write is lost between them', async (t) => {
  const dir = t.testdir({});
  const connection = await fileSink.open({ dir: 'out', format: 'ndjson' }, testContext(dir));
  const spec = { name: 'customers', key: ['customer_id'], schema: { type: 'object' } };
  const [first, second] = await Promise.all([connection.object(spec), connection.object(spec)]);
  await first.write(writes([ALICE]), testContext(dir));
  await second.write(writes([BOB]), testContext(dir));
  t.equal(first, second);
  t.equal(readFileSync(join(dir, 'out', 'customers.ndjson'), 'utf8').trim().split('\n').length, 2);
});

import t from 'tap';
import { fileSource } from '../src/file-source.js';
import { resolveStream } from '../src/stream-config.js';
import { openStream, readBatches, testContext } from './helpers/context.js';

t.test('defaults: format from the extension, encoding auto, incremental by shape', async (t) => {
  const dir = t.testdir({ exports: { 'a.csv': 'id\n1\n' }, 'orders.jsonl': '' });
  const file = await resolveStream('orders', { path: 'orders.jsonl', key: ['id'] }, dir);
  t.match(file, { shape: 'file', format: 'ndjson', encoding: 'auto', delimiter: ',', incremental: 'none', schema: { type: 'object' } });
  const folder = await resolveStream('orders', { path: 'exports', format: 'csv', key: ['id'] }, dir);
  t.match(folder, { shape: 'folder', incremental: 'file' });
  const glob = await resolveStream('orders', { path: 'exports/*.CSV', key: ['id'], cursorField: 'updated_at' }, dir);
  t.match(glob, { shape: 'glob', format: 'csv', incremental: 'cursor' });
});

t.test('what the config schema cannot catch is a ConfigError with the field named', async (t) => {
  const dir = t.testdir({ exports: {} });
  await t.rejects(resolveStream('orders', { path: 'exports', key: ['id'] }, dir), { name: 'ConfigError', message: /\/streams\/orders\/format.*set format/ });
  await t.rejects(resolveStream('orders', { path: 'a.csv', key: ['id'], incremental: 'cursor' }, dir), {
    message: /\/streams\/orders\/incremental.*needs a cursorField/,
  });
  await t.rejects(resolveStream('orders', { path: 'ex*/a.csv', key: ['id'] }, dir), { message: /only the last path segment/ });
});

t.test('the record schema can be a file next to the pipeline; a broken one is named', async (t) => {
  const schema = { type: 'object', required: ['order_no'], properties: { order_no: { type: 'string' } } };
  const dir = t.testdir({ contracts: { 'orders.schema.json': JSON.stringify(schema), 'broken.schema.json': '{"type":' }, 'orders.csv': 'order_no\nA1\n' });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], schema: 'contracts/orders.schema.json' });
  t.same(stream.spec, { name: 'orders', schema, key: ['order_no'], coerceTypes: true });
  await t.rejects(openStream(ctx, { path: 'orders.csv', key: ['order_no'], schema: 'contracts/broken.schema.json' }), {
    name: 'ConfigError',
    message: /\/streams\/orders\/schema.*broken\.schema\.json is not valid JSON/,
  });
});

t.test('check proves every path is there and readable, without reading records', async (t) => {
  const dir = t.testdir({ 'orders.csv': 'id\n1\n', exports: { 'a.csv': 'id\n' } });
  const ctx = testContext(dir);
  const good = await fileSource.open({ streams: { orders: { path: 'orders.csv', key: ['id'] }, daily: { path: 'exports/*.csv', key: ['id'] } } }, ctx);
  await t.resolves(good.check!());
  const missing = await fileSource.open({ streams: { orders: { path: 'missing.csv', key: ['id'] } } }, ctx);
  await t.rejects(missing.check!(), { name: 'ConfigError', message: /missing\.csv \(\/streams\/orders\/path\): does not exist/ });
  const noFolder = await fileSource.open({ streams: { daily: { path: 'nowhere/*.csv', key: ['id'] } } }, ctx);
  await t.rejects(noFolder.check!(), { message: /nowhere.*does not exist/ });
});

t.test('one source offers one stream per configured entry', async (t) => {
  const dir = t.testdir({ 'orders.csv': 'id\n1\n', 'refunds.ndjson': '{"id":1}\n' });
  const ctx = testContext(dir);
  const connection = await fileSource.open(
    { streams: { orders: { path: 'orders.csv', key: ['id'] }, refunds: { path: 'refunds.ndjson', key: ['id'] } } },
    ctx,
  );
  const streams = await connection.streams();
  t.same(streams.map((s) => s.spec.name), ['orders', 'refunds']);
  t.same(streams.map((s) => s.spec.coerceTypes), [true, false]);
  t.equal((await readBatches(streams[1]!, ctx))[0]!.items.length, 1);
});

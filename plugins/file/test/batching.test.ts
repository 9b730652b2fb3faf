import t from 'tap';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { itemsOf, openStream, readBatches, testContext } from './helpers/context.js';

function ordersCsv(count: number, badEvery = 0): string {
  const rows = ['id,customer,amount'];
  for (let i = 1; i <= count; i += 1) rows.push(badEvery > 0 && i % badEvery === 0 ? `${i},broken` : `${i},客户${i},${i}.50`);
  return `${rows.join('\n')}\n`;
}

t.test('no batch holds more than batchSize items, invalid items included, and none is lost', async (t) => {
  const dir = t.testdir({ 'orders.csv': ordersCsv(1050, 7) });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['id'] });
  for (const batchSize of [1, 64, 100, 5000]) {
    const batches = await readBatches(stream, ctx, { batchSize });
    t.ok(batches.every((batch) => batch.items.length <= batchSize), `batchSize ${batchSize}`);
    t.equal(itemsOf(batches).length, 1050);
    t.equal(batches.at(-1)!.items.length, 1050 % batchSize, 'the last batch carries the rest and the final state');
  }
});

t.test('progress counts bytes up to the total size of the files', async (t) => {
  const dir = t.testdir({ 'orders.csv': ordersCsv(20_000) });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['id'] });
  const batches = await readBatches(stream, ctx, { batchSize: 1000 });
  const size = statSync(join(dir, 'orders.csv')).size;
  const done = batches.map((batch) => batch.progress!.done);
  t.ok(done.every((value, i) => i === 0 || value >= done[i - 1]!), 'never goes backwards');
  t.ok(batches.every((batch) => batch.progress!.total === size && batch.progress!.unit === 'bytes'));
  t.equal(done.at(-1), size);
});

t.test('the crash-test hook fires once per batch, before the batch is handed over', async (t) => {
  const dir = t.testdir({ 'orders.csv': ordersCsv(250) });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['id'] });
  const batches = await readBatches(stream, ctx, { batchSize: 100 });
  t.same(ctx.faults, batches.map(() => 'while-reading'));

  // A crash at the hook: the batch being filled is never delivered.
  const crashing = { ...ctx, fault: () => { throw new Error('crash'); } };
  const delivered: unknown[] = [];
  await t.rejects(async () => {
    for await (const batch of stream.read({ state: undefined, batchSize: 100, fullRefresh: false }, crashing)) delivered.push(batch);
  }, { message: 'crash' });
  t.equal(delivered.length, 0);
});

t.test('reading stops when the signal aborts', async (t) => {
  const dir = t.testdir({ 'orders.csv': ordersCsv(1000) });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['id'] });
  const seen: number[] = [];
  await t.rejects(async () => {
    for await (const batch of stream.read({ state: undefined, batchSize: 100, fullRefresh: false }, ctx)) {
      seen.push(batch.items.length);
      ctx.controller.abort();
    }
  }, { name: 'AbortError' });
  t.same(seen, [100]);
});

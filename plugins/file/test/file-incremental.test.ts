import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceBatch } from '@datong/sdk';
import { finalState, itemsOf, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

function dailyExport(day: string, count: number): string {
  const rows = ['order_no,amount'];
  for (let i = 1; i <= count; i += 1) rows.push(`${day}-${i},${i}`);
  return `${rows.join('\n')}\n`;
}

const ids = (batches: SourceBatch[]) => recordsOf(batches).map((r) => r.order_no);

function exportsFolder() {
  return {
    exports: {
      'orders-0301.csv': dailyExport('0301', 3),
      'orders-0302.csv': dailyExport('0302', 4),
      'orders-0303.csv': dailyExport('0303', 2),
      'README.txt': 'not an export',
      '.orders-0304.csv.swp': 'editor junk',
    },
  };
}

t.test('a folder of daily exports: each file is read once, and a new file the next day is read alone', async (t) => {
  const dir = t.testdir(exportsFolder());
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'exports', format: 'csv', key: ['order_no'] });
  const first = await readBatches(stream, ctx, { batchSize: 4 });
  t.same(ids(first), ['0301-1', '0301-2', '0301-3', '0302-1', '0302-2', '0302-3', '0302-4', '0303-1', '0303-2']);
  t.same(Object.keys((finalState(first) as { files: object }).files), ['orders-0301.csv', 'orders-0302.csv', 'orders-0303.csv']);
  t.match(finalState(first), { scan: null });

  const again = await readBatches(stream, ctx, { state: finalState(first) });
  t.same(ids(again), [], 'nothing is read twice');

  writeFileSync(join(dir, 'exports', 'orders-0304.csv'), dailyExport('0304', 2));
  const nextDay = await readBatches(stream, ctx, { state: finalState(again) });
  t.same(ids(nextDay), ['0304-1', '0304-2']);
  t.equal(Object.keys((finalState(nextDay) as { files: object }).files).length, 4);
});

t.test('a file rewritten under the same name is read again', async (t) => {
  const dir = t.testdir(exportsFolder());
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'exports', format: 'csv', key: ['order_no'] });
  const first = await readBatches(stream, ctx);
  writeFileSync(join(dir, 'exports', 'orders-0302.csv'), dailyExport('0302', 5));
  t.same(ids(await readBatches(stream, ctx, { state: finalState(first) })), ['0302-1', '0302-2', '0302-3', '0302-4', '0302-5']);
});

t.test('a file enters the state only once all its rows are in settled batches', async (t) => {
  const dir = t.testdir(exportsFolder());
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'exports', format: 'csv', key: ['order_no'] });
  const batches = await readBatches(stream, ctx, { batchSize: 2 });
  let delivered: string[] = [];
  for (const batch of batches) {
    delivered = [...delivered, ...batch.items.map((item) => ('record' in item ? String(item.record.order_no) : ''))];
    for (const file of Object.keys((batch.state as { files: object }).files)) {
      const day = file.slice(7, 11);
      const rows = { '0301': 3, '0302': 4, '0303': 2 }[day]!;
      t.ok(delivered.includes(`${day}-${rows}`), `${file} complete when listed`);
    }
  }
});

t.test('resuming mid-file from any batch yields exactly the remaining rows, none twice', async (t) => {
  const dir = t.testdir(exportsFolder());
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'exports', format: 'csv', key: ['order_no'] });
  const batches = await readBatches(stream, ctx, { batchSize: 2 });
  for (let settled = 1; settled < batches.length; settled += 1) {
    const resumed = await readBatches(stream, ctx, { state: batches[settled - 1]!.state, batchSize: 2 });
    t.same([...ids(batches.slice(0, settled)), ...ids(resumed)], ids(batches), `after batch ${settled}`);
    t.same(finalState(resumed), finalState(batches));
  }
});

t.test('a glob picks its matches in name order; a folder or glob is file-incremental by default', async (t) => {
  const dir = t.testdir({ ...exportsFolder(), 'exports-other': {} });
  writeFileSync(join(dir, 'exports', 'refunds-0301.csv'), dailyExport('R', 1));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'exports/orders-030?.csv', key: ['order_no'] });
  const batches = await readBatches(stream, ctx);
  t.same(
    itemsOf(batches).map((item) => item.at),
    ['orders-0301.csv:2', 'orders-0301.csv:3', 'orders-0301.csv:4', 'orders-0302.csv:2', 'orders-0302.csv:3', 'orders-0302.csv:4', 'orders-0302.csv:5', 'orders-0303.csv:2', 'orders-0303.csv:3'],
  );
  t.ok('files' in (finalState(batches) as object));
});

t.test('a single file with incremental none is read whole every run', async (t) => {
  const dir = t.testdir({ 'orders.csv': dailyExport('0301', 3) });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'] });
  const first = await readBatches(stream, ctx);
  t.same(finalState(first), { scan: null });
  t.equal(recordsOf(await readBatches(stream, ctx, { state: finalState(first) })).length, 3);
});

import t from 'tap';
import { appendFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceBatch } from '@datong/sdk';
import { compareCursor } from '../src/cursor-value.js';
import { finalState, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

// Not sorted by updated_at, as exports rarely are.
const FIRST_DAY = [
  'order_no,status,updated_at',
  'A1,paid,2024-03-01T10:00:00Z',
  'A2,paid,2024-03-01T12:00:00Z',
  'A3,shipped,2024-03-01T09:00:00Z',
  'A4,paid,2024-03-01T11:00:00Z',
  'A5,paid,2024-03-01T08:00:00Z',
  'A6,paid,2024-03-01T10:30:00Z',
  'A7,paid,2024-03-01T07:00:00Z',
  '',
].join('\n');

const ids = (batches: SourceBatch[]) => recordsOf(batches).map((r) => r.order_no);

t.test('a second run with the returned state yields only records newer than the watermark', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const first = await readBatches(stream, ctx, { batchSize: 3 });
  t.same(ids(first), ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
  t.match(finalState(first), { watermark: '2024-03-01T12:00:00Z', scan: null });

  appendFileSync(join(dir, 'orders.csv'), 'A3,refunded,2024-03-02T09:00:00Z\nA8,paid,2024-03-01T11:59:59Z\nA9,paid,2024-03-02T08:00:00Z\n');
  const second = await readBatches(stream, ctx, { state: finalState(first), batchSize: 3 });
  t.same(ids(second), ['A3', 'A9'], 'only rows updated after the watermark; an older late row is not');
  t.match(finalState(second), { watermark: '2024-03-02T09:00:00Z', scan: null });

  const third = await readBatches(stream, ctx, { state: finalState(second), batchSize: 3 });
  t.same(ids(third), []);
  t.same(finalState(third), finalState(second), 'nothing new: the watermark stays');
});

t.test('the watermark moves only at the end of a complete scan', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const batches = await readBatches(stream, ctx, { state: { watermark: '2024-03-01T07:30:00Z', scan: null }, batchSize: 2 });
  for (const batch of batches.slice(0, -1)) {
    t.match(batch.state, { watermark: '2024-03-01T07:30:00Z', scan: { file: 'orders.csv' } });
  }
  t.match(finalState(batches), { watermark: '2024-03-01T12:00:00Z', scan: null });
});

t.test('resuming from any mid-run state yields exactly the remaining rows, none twice', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const batches = await readBatches(stream, ctx, { batchSize: 2 });
  t.ok(batches.length > 3);
  for (let settled = 1; settled < batches.length; settled += 1) {
    // The process died after `settled` batches were committed; the engine hands back the last state.
    const resumed = await readBatches(stream, ctx, { state: batches[settled - 1]!.state, batchSize: 2 });
    t.same([...ids(batches.slice(0, settled)), ...ids(resumed)], ids(batches), `after batch ${settled}`);
    // The greatest cursor (A2, in the first batch) is remembered across the crash.
    t.match(finalState(resumed), { watermark: '2024-03-01T12:00:00Z', scan: null }, `watermark after batch ${settled}`);
  }
});

t.test('a resume whose file changed meanwhile starts the scan over instead of skipping blindly', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const [firstBatch] = await readBatches(stream, ctx, { batchSize: 2 });
  writeFileSync(join(dir, 'orders.csv'), 'order_no,status,updated_at\nB1,paid,2024-03-03T00:00:00Z\n' + FIRST_DAY.split('\n').slice(1).join('\n'));
  const resumed = await readBatches(stream, ctx, { state: firstBatch!.state, batchSize: 2 });
  t.same(ids(resumed), ['B1', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7']);
  t.ok(ctx.messages.some((m) => m.level === 'info' && /starting the scan over/.test(m.message)));
});

t.test('numeric cursors compare as numbers, even as CSV text', async (t) => {
  t.ok(compareCursor('99', '100') < 0);
  t.ok(compareCursor(100, '99') > 0);
  t.ok(compareCursor('2024-03-01T10:00:00Z', '2024-03-01T09:59:59Z') > 0);
  const dir = t.testdir({ 'events.csv': 'id,seq\na,9\nb,100\nc,10\n' });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'events.csv', key: ['id'], cursorField: 'seq' });
  const first = await readBatches(stream, ctx);
  t.match(finalState(first), { watermark: '100', scan: null });
  const second = await readBatches(stream, ctx, { state: { watermark: '9', scan: null } });
  t.same(recordsOf(second).map((r) => r.id), ['b', 'c']);
});

t.test('fullRefresh reads everything whatever the state says', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const batches = await readBatches(stream, ctx, { state: { watermark: '2099-01-01', scan: null }, fullRefresh: true });
  t.equal(recordsOf(batches).length, 7);
});

t.test('rows with no cursor value are passed on, never silently skipped', async (t) => {
  const dir = t.testdir({ 'orders.csv': 'order_no,updated_at\nA1,2024-03-01\nA2,\n' });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const batches = await readBatches(stream, ctx, { state: { watermark: '2024-03-05', scan: null } });
  t.same(recordsOf(batches), [{ order_no: 'A2' }], 'the schema, not the cursor, decides about a row without updated_at');
});

t.test('mtime-only changes count as a changed file for resume', async (t) => {
  const dir = t.testdir({ 'orders.csv': FIRST_DAY });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const [firstBatch] = await readBatches(stream, ctx, { batchSize: 2 });
  utimesSync(join(dir, 'orders.csv'), new Date('2030-01-01'), new Date('2030-01-01'));
  t.equal(recordsOf(await readBatches(stream, ctx, { state: firstBatch!.state })).length, 7);
});

t.test('a file unchanged since a complete scan is not opened again, so a no-change run reads nothing', async (t) => {
  const dir = t.testdir({ 'orders.csv': `${FIRST_DAY}A8,"broken\n` });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['order_no'], cursorField: 'updated_at' });
  const first = await readBatches(stream, ctx, { batchSize: 3 });
  t.ok(first.flatMap((b) => b.items).some((i) => 'invalid' in i), 'the first scan reports the broken row');
  const second = await readBatches(stream, ctx, { state: finalState(first), batchSize: 3 });
  t.same(second.flatMap((b) => b.items), [], 'no items, not even the unparseable row again');
  t.same(finalState(second), finalState(first), 'the state is unchanged');
});

import t from 'tap';
import type { RunningTaobaoEmulator } from '../emulator/index.js';
import { BEHIND, compareVersions, configFor, emulator, expectedOrders, latestVersions, openStream, readAll, settle } from './helpers/taobao.js';

const GMT8 = 8 * 3_600_000;
const parse = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`) - GMT8;

/** The increment.get calls the emulator saw: their window and page. */
function listings(emu: RunningTaobaoEmulator) {
  return emu.kit.requests
    .filter((r) => r.query.method === 'taobao.trades.sold.increment.get')
    .map((r) => {
      const body = r.body as Record<string, string>;
      return { from: parse(body.start_modified!), to: parse(body.end_modified!), page: Number(body.page_no), size: Number(body.page_size) };
    });
}

t.test('windows are never wider than windowMinutes, and cover the range without gaps', async (t) => {
  const emu = await emulator(t, { orders: 30 });
  const { stream, ctx } = await openStream(configFor(emu, { windowMinutes: 120 }), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 30);
  const windows = listings(emu).filter((l) => l.page === 1);
  t.ok(windows.length >= 47, `${windows.length} windows of at most 2 hours over 4 days`);
  t.ok(windows.every((w) => w.to - w.from <= 120 * 60_000), 'none wider than 120 minutes');
  t.ok(windows.every((w, i) => i === 0 || w.from <= windows[i - 1]!.to), 'each starts where the last ended');
  t.ok(windows.every((w) => w.size === 50), 'page_size 50 by default');
});

t.test('a window of several pages is read from the last page back', async (t) => {
  const emu = await emulator(t, { orders: 90, days: 1 });
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 40 }), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 90);
  const pages = listings(emu).map((l) => l.page);
  t.match(pages.join(','), /1,3,2,1/, 'page 1 for the total, then 3, 2, 1');
});

t.test('trades changed while a window is paged are not missed', async (t) => {
  // After two pages the emulator moves five trades along (modified = now): pages shift under the scan.
  const emu = await emulator(t, { orders: 90, days: 1, faults: { changeAfterPages: 2 } });
  // The first window holds almost every trade: the change lands after its pages 1 and 3 were served.
  const config = configFor(emu, { pageSize: 40, startDate: new Date(Date.now() - 86_400_000 - 600_000).toISOString() });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'the emulator changed trades mid-scan');
  const unchanged = [...expectedOrders(emu).keys()].filter((tid) => !emu.store.trades.find((x) => String(x.tid) === tid && x.modified > Date.now() - 30_000));
  const read1 = new Set(run1.records.map((r) => String(r.tid)));
  t.same(unchanged.filter((tid) => !read1.has(tid)), [], 'every trade that did not change was read in the same run');
  await settle();
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(compareVersions(latestVersions('tid', run1.records, run2.records), expectedOrders(emu)), { missing: [], stale: [] }, 'the next run brings the changed ones');
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t, { orders: 40, now: BEHIND });
  const config = configFor(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.equal(run1.records.length, 40);
  t.match(run1.state, { until: /^\d{4}-\d{2}-\d{2}T/ }, 'the state is the end of the last window read');
  const changed = emu.store.mutate(4);
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(run2.records.map((r) => String(r.tid)).sort(), changed.tids.map(String).sort(), 'exactly the changed trades');
});

t.test('a run cut mid-window and resumed loses nothing', async (t) => {
  const emu = await emulator(t, { orders: 60, days: 1, now: BEHIND });
  // One window holds almost every trade, so the run is cut inside it.
  const config = configFor(emu, { startDate: new Date(Date.now() - 86_400_000 - 600_000).toISOString() });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx, { batchSize: 10, stopAfter: 2 });
  t.equal(run1.records.length, 20, 'two batches delivered before the crash');
  t.same(run1.states[0], run1.states[1], 'inside a window the saved state does not move');
  emu.store.mutate(5);
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state, batchSize: 10 });
  t.same(compareVersions(latestVersions('tid', run1.records, run2.records), expectedOrders(emu)), { missing: [], stale: [] });
});

t.test('a full refresh ignores the saved state', async (t) => {
  const emu = await emulator(t, { orders: 20 });
  const config = configFor(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  const second = await openStream(config, 'orders');
  let count = 0;
  for await (const batch of second.stream.read({ state: run1.state, batchSize: 50, fullRefresh: true }, second.ctx)) count += batch.items.length;
  t.equal(count, 20);
});

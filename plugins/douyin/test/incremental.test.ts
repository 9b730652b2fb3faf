import t from 'tap';
import { compare, configFor, emulator, expectedOrders, latestRead, openStream, readAll, searchCalls } from './helpers/douyin.js';

const HOUR = 3600;

t.test('windows are never wider than windowHours, pages go from the last back to 0, size within 100', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 48, pageSize: 5 }), 'orders');
  const read = await readAll(stream, ctx);
  t.same(compare(latestRead(read.records), expectedOrders(emu)), { missing: [], stale: [] }, 'every order read');
  const calls = searchCalls(emu);
  for (const c of calls) {
    const width = Number(c.update_time_end) - Number(c.update_time_start);
    if (width > 48 * HOUR + 1) t.fail(`a window of ${width} s`);
    if (Number(c.size) > 100) t.fail(`a page of ${String(c.size)}`);
    if (c.order_by !== 'update_time') t.fail('not ordered by update_time');
  }
  t.ok(calls.length > 4, `${calls.length} calls, several windows`);
  // Group the calls by window and check each window's page order: 0, then last … 0.
  const byWindow = new Map<string, number[]>();
  for (const c of calls) {
    const key = `${String(c.update_time_start)}-${String(c.update_time_end)}`;
    byWindow.set(key, [...(byWindow.get(key) ?? []), Number(c.page)]);
  }
  const paged = [...byWindow.values()].find((pages) => pages.length > 2);
  t.ok(paged, 'some window has several pages');
  const [first, ...rest] = paged!;
  t.equal(first, 0, 'page 0 first (it tells the total)');
  t.same(rest, [...rest].sort((a, b) => b - a), 'then from the last page back');
  t.equal(rest.at(-1), 0, 'down to page 0');
});

t.test('a window with more reachable results than the platform serves is split until it fits', async (t) => {
  const emu = await emulator(t, { orders: 80, maxResults: 30 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 2000, pageSize: 10 }), 'orders');
  const read = await readAll(stream, ctx);
  t.same(compare(latestRead(read.records), expectedOrders(emu)), { missing: [], stale: [] }, 'every order read despite the limit');
  const widths = searchCalls(emu).map((c) => Number(c.update_time_end) - Number(c.update_time_start));
  t.ok(Math.min(...widths) < Math.max(...widths) / 2, `windows narrowed (${Math.max(...widths)} s down to ${Math.min(...widths)} s)`);
});

t.test('orders changed mid-scan are not missed', async (t) => {
  const emu = await emulator(t, { orders: 50, faults: { changeAfterPages: 3 } });
  const config = configFor(emu, { windowHours: 2000, pageSize: 5 });
  const before = expectedOrders(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  const changed = [...expectedOrders(emu)].filter(([id, at]) => before.get(id) !== at).map(([id]) => id);
  t.ok(changed.length > 0, `${changed.length} orders changed during the scan`);
  const seen = new Set(run1.records.map((r) => String(r.order_id)));
  const unchanged = [...before.keys()].filter((id) => !changed.includes(id));
  t.same(unchanged.filter((id) => !seen.has(id)), [], 'the scan itself read every order that did not change (paging backwards)');
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(compare(latestRead(run1.records, run2.records), expectedOrders(emu)), { missing: [], stale: [] }, 'the next run brings the changed ones');
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t, { orders: 40 });
  const config = configFor(emu, { overlapSeconds: 60 });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.equal(run1.records.length, 40);
  const changed = emu.store.mutate({ orders: 4 });
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same([...new Set(run2.records.map((r) => String(r.order_id)))].sort(), [...new Set(changed.ordersChanged)].sort(), 'exactly the changed orders');
  const calls = searchCalls(emu).slice(-1)[0]!;
  t.ok(Number(calls.update_time_start) >= Date.parse(String((run1.state as { until: string }).until)) / 1000 - 61, 'from the saved until less the overlap');
});

t.test('a run cut mid-window and resumed loses nothing', async (t) => {
  const emu = await emulator(t, { orders: 45 });
  const config = configFor(emu, { windowHours: 2000, pageSize: 5 });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx, { batchSize: 4, stopAfter: 3 });
  t.equal(run1.records.length, 12, 'cut after three batches');
  emu.store.mutate({ orders: 5 });
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(compare(latestRead(run1.records, run2.records), expectedOrders(emu)), { missing: [], stale: [] }, 'nothing missing or stale after the resume');
  t.ok((run2.state as { until?: string }).until, 'the resumed run finished its windows');
});

t.test('a full refresh ignores the saved state', async (t) => {
  const emu = await emulator(t, { orders: 20 });
  const config = configFor(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state, fullRefresh: true });
  t.equal(run2.records.length, 20);
});

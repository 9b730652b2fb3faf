import t from 'tap';
import { calls, compareVersions, configFor, emulator, expectedOrders, latestVersions, openStream, readAll } from './helpers/wechat.js';

const WEEK_S = 7 * 86_400;

t.test('orders: update_time_range windows of at most 7 days, ids then details', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 7 }), 'orders');
  const read = await readAll(stream, ctx);
  const lists = calls(emu, '/channels/ec/order/list/get');
  t.ok(lists.length >= 13, `90 days of windows (${lists.length} list calls)`);
  for (const call of lists) {
    const { start_time: start, end_time: end } = (call.body as { update_time_range: { start_time: number; end_time: number } }).update_time_range;
    if (end - start > WEEK_S || end < start) t.fail(`a window of ${end - start} s`);
    if ((call.body as { page_size: number }).page_size > 100) t.fail('page_size over 100');
  }
  t.ok(lists.every((c) => c.status === 200), 'no window was refused');
  const details = calls(emu, '/channels/ec/order/get').map((c) => (c.body as { order_id: string }).order_id);
  t.equal(new Set(details).size, emu.store.orders.length, 'each order fetched by /order/get');
  t.same(compareVersions(latestVersions('order_id', read.records), expectedOrders(emu)), { missing: [], stale: [] }, 'every order read at its latest version');
});

t.test('aftersales: windows of at most 24 hours', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'aftersales');
  const read = await readAll(stream, ctx);
  for (const call of calls(emu, '/channels/ec/aftersale/getaftersalelist')) {
    const body = call.body as { begin_update_time: number; end_update_time: number };
    if (body.end_update_time - body.begin_update_time > 86_400) t.fail('an after-sale window over 24 hours');
  }
  t.equal(new Set(read.records.map((r) => r.after_sale_order_id)).size, emu.store.aftersales.length, 'every after-sale read');
});

// Orders over 20 days, read from 21 days back in 7-day windows: the first window is history, and
// orders changed while it pages leave it (their update_time is now). With an offset next_key the
// orders behind them move forward one place each: one unchanged order would be skipped.
const midScan = async (t: { teardown(fn: () => unknown): void }, nextKeyMode: 'keyset' | 'offset', recheckWindows: boolean) => {
  const emu = await emulator(t, { nextKeyMode, days: 20, orders: 60, faults: { changeAfterPages: 1 } });
  const startMs = Date.now() - 21 * 86_400_000;
  // Besides the emulator's own random changes after the first page: the newest order of the first
  // window (read on that page, the listing being newest first) changes, so it surely leaves the
  // window from the part already read.
  emu.kit.onMutate(() => {
    const from = Math.ceil(startMs / 1000);
    const inWindow = emu.store.orders.filter((o) => o.updateTime >= from && o.updateTime <= from + 7 * 86_400);
    const newest = inWindow.sort((a, b) => b.updateTime - a.updateTime)[0]!;
    newest.updateTime = Math.floor(emu.kit.now() / 1000);
  });
  const before = expectedOrders(emu);
  const config = configFor(emu, { pageSize: 4, recheckWindows, startDate: new Date(startMs).toISOString() });
  const { stream, ctx } = await openStream(config, 'orders');
  const first = await readAll(stream, ctx);
  const after = expectedOrders(emu);
  const changed = new Set([...after].filter(([id, at]) => before.get(id) !== at).map(([id]) => id));
  const read = new Set(first.records.map((r) => String(r.order_id)));
  const skipped = [...after.keys()].filter((id) => !read.has(id) && !changed.has(id));
  return { emu, stream, ctx, first, changed, skipped };
};

for (const nextKeyMode of ['keyset', 'offset'] as const) {
  t.test(`orders changed mid-scan are not missed (next_key as ${nextKeyMode})`, async (t) => {
    const { emu, stream, ctx, first, changed, skipped } = await midScan(t, nextKeyMode, true);
    t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'orders changed while the scan paged');
    t.ok(changed.size > 0);
    t.same(skipped, [], 'the first run skipped no unchanged order');
    const second = await readAll(stream, ctx, { state: first.state });
    t.same(compareVersions(latestVersions('order_id', first.records, second.records), expectedOrders(emu)), { missing: [], stale: [] }, 'with the next run, every order at its latest version');
  });
}

t.test('the emulator reproduces the shift: an offset next_key without the recheck skips an order', async (t) => {
  const { skipped } = await midScan(t, 'offset', false);
  t.ok(skipped.length >= 1, `unchanged orders skipped (${skipped.join(', ')}): what recheckWindows guards against`);
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const first = await readAll(stream, ctx);
  const summary = emu.store.mutate({ orders: 6 });
  const second = await readAll(stream, ctx, { state: first.state });
  const touched = new Set([...summary.orders, ...summary.added]);
  t.same(second.records.map((r) => String(r.order_id)).filter((id) => !touched.has(id)), [], 'nothing unchanged is read again');
  t.same([...touched].filter((id) => !second.records.some((r) => r.order_id === id)), [], 'every change is read');
  t.same(compareVersions(latestVersions('order_id', first.records, second.records), expectedOrders(emu)), { missing: [], stale: [] });
});

t.test('a run cut mid-window and resumed loses nothing', async (t) => {
  const emu = await emulator(t, { days: 5 });
  // One 7-day window holds every order: the cut falls inside it.
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 4, startDate: new Date(Date.now() - 6 * 86_400_000).toISOString() }), 'orders');
  const cut = await readAll(stream, ctx, { batchSize: 3, stopAfter: 2 });
  t.equal(cut.records.length, 6, 'two batches, then the process died');
  t.same(cut.state, {}, 'mid-window: the saved state has not moved past the window');
  const resumed = await readAll(stream, ctx, { state: cut.state });
  t.same(compareVersions(latestVersions('order_id', cut.records, resumed.records), expectedOrders(emu)), { missing: [], stale: [] });
});

t.test('the mini-program shop: update-time windows, pages read from the last back', async (t) => {
  const emu = await emulator(t, { api: 'minishop', days: 5 });
  const { stream, ctx } = await openStream(configFor(emu, { api: 'minishop', pageSize: 6 }), 'orders');
  const read = await readAll(stream, ctx);
  const pages = calls(emu, '/product/order/get_list').map((c) => c.body as { page: number; start_update_time: string; end_update_time: string; start_create_time?: string });
  t.ok(pages.every((p) => p.start_create_time === undefined), 'only the update-time pair is sent');
  const big = pages.findIndex((p, i) => p.page === 1 && pages[i + 1]?.page !== undefined && pages[i + 1]!.page > 1);
  t.ok(big >= 0, 'a window with several pages');
  const order = [];
  for (let i = big + 1; i < pages.length && pages[i]!.page !== 1; i++) order.push(pages[i]!.page);
  order.push(1);
  t.same(order, [...order].sort((a, b) => b - a), `after page 1, the pages come last to first (${order.join(', ')})`);
  t.equal(read.records[0]?.channel, 'wechat-minishop');
  t.same(compareVersions(latestVersions('order_id', read.records), expectedOrders(emu)), { missing: [], stale: [] });
});

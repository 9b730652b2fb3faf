import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { callsOf, compareVersions, configFor, emulator, expectedOrders, latestVersions, openStream, readAll } from './helpers/pdd.js';

const ORDERS = 'pdd.order.number.list.increment.get';
const windowsOf = (emu: Awaited<ReturnType<typeof emulator>>) =>
  callsOf(emu, ORDERS).map((c) => {
    const body = c.body as Record<string, string>;
    return { start: Number(body.start_updated_at), end: Number(body.end_updated_at), page: Number(body.page), size: Number(body.page_size) };
  });

t.test('windows are never wider than 30 minutes (or windowMinutes) and leave no gap', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  // An order updated in a window's end second comes again with the next window (the ledger drops it).
  t.equal(new Set(read.records.map((r) => r.order_sn)).size, emu.store.orders.length, 'every order read');
  const windows = windowsOf(emu);
  t.ok(windows.length >= 14, `${windows.length} calls over seven hours of 30-minute windows`);
  t.ok(windows.every((w) => w.end - w.start <= 1800 && w.end >= w.start), 'every window at most 1800 s');
  const distinct = [...new Map(windows.map((w) => [`${w.start}`, w])).values()].sort((a, b) => a.start - b.start);
  for (let i = 1; i < distinct.length; i++) t.ok(distinct[i]!.start <= distinct[i - 1]!.end, `window ${i} starts where window ${i - 1} ended`);

  const narrow = await emulator(t);
  const again = await openStream(configFor(narrow, { windowMinutes: 10 }), 'orders');
  await readAll(again.stream, again.ctx);
  t.ok(windowsOf(narrow).every((w) => w.end - w.start <= 600), 'windowMinutes 10: every window at most 600 s');
});

t.test('pages are read from the last back to the first', async (t) => {
  // 60 orders in about an hour: two or three windows of many pages of 5.
  const emu = await emulator(t, { days: 0.05 });
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 5, startDate: new Date(Date.now() - 2 * 3_600_000).toISOString() }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(new Set(read.records.map((r) => r.order_sn)).size, emu.store.orders.length, 'every order read');
  const byWindow = new Map<number, number[]>();
  for (const w of windowsOf(emu)) byWindow.set(w.start, [...(byWindow.get(w.start) ?? []), w.page]);
  const paged = [...byWindow.values()].filter((pages) => pages.length > 2);
  t.ok(paged.length >= 1, 'some window has several pages');
  for (const pages of paged) {
    const last = pages[1]!;
    t.same(pages, [1, ...Array.from({ length: last }, (_, i) => last - i)], `page 1 for the total, then ${last} down to 1`);
  }
  t.ok(windowsOf(emu).every((w) => w.size === 5), 'page_size as configured');
});

t.test('orders changed mid-scan are not missed', async (t) => {
  const emu = await emulator(t, { days: 0.05, faults: { changeAfterPages: 3 } });
  const config = configFor(emu, { pageSize: 5, startDate: new Date(Date.now() - 2 * 3_600_000).toISOString() });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'orders changed while the scan paged');
  // Each changed order moved past the run's end; the next run reads it with its new updated_at.
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await openStream(config, 'orders', testContext());
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  const diff = compareVersions(latestVersions('order_sn', run1.records, run2.records), expectedOrders(emu));
  t.same(diff, { missing: [], stale: [] }, 'every order at its latest version after the next run');
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  const { changed } = emu.store.mutate(4);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const before = emu.kit.requests.length;
  const second = await openStream(config, 'orders', testContext());
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(new Set(run2.records.map((r) => r.order_sn)), new Set(changed), 'the changed orders and nothing else');
  t.ok(emu.kit.requests.length - before <= 4, `only the last window or two are asked for (${emu.kit.requests.length - before} calls)`);
  const diff = compareVersions(latestVersions('order_sn', run1.records, run2.records), expectedOrders(emu));
  t.same(diff, { missing: [], stale: [] });
});

t.test('a run cut mid-window and resumed loses nothing', async (t) => {
  const emu = await emulator(t, { days: 0.05 });
  const config = configFor(emu, { pageSize: 5, startDate: new Date(Date.now() - 2 * 3_600_000).toISOString() });
  const first = await openStream(config, 'orders');
  // Batches of 4: the cut falls inside a window, after some of its records were settled.
  const cut = await readAll(first.stream, first.ctx, { batchSize: 4, stopAfter: 4 });
  t.ok(cut.records.length > 0 && cut.records.length < emu.store.orders.length, `cut after ${cut.records.length} orders`);
  const second = await openStream(config, 'orders', testContext());
  const resumed = await readAll(second.stream, second.ctx, { state: cut.state, batchSize: 4 });
  const diff = compareVersions(latestVersions('order_sn', cut.records, resumed.records), expectedOrders(emu));
  t.same(diff, { missing: [], stale: [] }, 'every order read once the resumed run ends');
});

t.test('refunds are read incrementally in the same windows', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu);
  const first = await openStream(config, 'refunds');
  const run1 = await readAll(first.stream, first.ctx);
  t.equal(new Set(run1.records.map((r) => r.id)).size, emu.store.refunds.length, 'every after-sales case');
  const calls = callsOf(emu, 'pdd.refund.list.increment.get');
  t.ok(calls.every((c) => {
    const b = c.body as Record<string, string>;
    return Number(b.end_updated_at) - Number(b.start_updated_at) <= 1800 && b.after_sales_status === '1' && b.after_sales_type === '1';
  }), '30-minute windows, every state and type');
  const { cases } = emu.store.mutate(6);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await openStream(config, 'refunds', testContext());
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(new Set(run2.records.map((r) => r.id)), new Set(cases.map(String)), 'the changed cases only');
  const refunded = run1.records.find((r) => r.after_sales_status === 10);
  t.match(refunded, { refund_status: 'refunded', refund_amount: /^\d+\.\d{2}$/, currency: 'CNY', updated_at: /\+08:00$/ });
});

for (const faults of [{ shiftPages: 2 }, { duplicatePage: true }]) {
  t.test(`pages served shifted or duplicated (${JSON.stringify(faults)}) lose no order`, async (t) => {
    const emu = await emulator(t, { days: 0.05, faults });
    const config = configFor(emu, { pageSize: 5, startDate: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const { stream, ctx } = await openStream(config, 'orders');
    const read = await readAll(stream, ctx);
    t.ok(emu.kit.requests.some((r) => r.fault !== undefined), 'the fault was served');
    t.equal(new Set(read.records.map((r) => r.order_sn)).size, emu.store.orders.length, 'every order read');
  });
}

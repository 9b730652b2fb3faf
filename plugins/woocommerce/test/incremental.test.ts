import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, nextSecond, openStream, readAll } from './helpers/woo.js';

const DAY = 86_400_000;
const gmt = (text: string) => Date.parse(`${text}Z`);

t.test('windows are never wider than windowDays, and each is paged from the last page back', async (t) => {
  const emu = await emulator(t, { orders: 80 });
  const start = new Date(Date.now() - 20 * DAY).toISOString();
  const { stream, ctx } = await openStream(configFor(emu, { windowDays: 4, pageSize: 2, startDate: start }), 'orders');
  const read = await readAll(stream, ctx);
  const listings = emu.kit.requests.filter((r) => r.path === '/wp-json/wc/v3/orders');
  t.ok(listings.length > 10);
  for (const r of listings) {
    const width = gmt(r.query.modified_before!) - gmt(r.query.modified_after!);
    if (width > 4 * DAY + 3000) t.fail(`a window of ${width} ms`);
    t.equal(r.query.orderby, 'modified');
    t.equal(r.query.order, 'asc');
    t.equal(r.query.dates_are_gmt, 'true');
  }
  t.pass('no window wider than 4 days (plus the margins of under 3 s for exclusive bounds on whole seconds)');
  // One listing with several pages: page 1 (for the total), then last..1.
  const byListing = new Map<string, number[]>();
  for (const r of listings) {
    const id = `${r.query.status}|${r.query.modified_after}`;
    byListing.set(id, [...(byListing.get(id) ?? []), Number(r.query.page)]);
  }
  const long = [...byListing.values()].find((pages) => pages.length > 3);
  t.ok(long, 'some window has several pages');
  const last = Math.max(...long!);
  t.same(long, [1, ...Array.from({ length: last }, (_, i) => last - i)], 'pages 1, then last down to 1');
  const since = new Map([...expectedVersions(emu, 'orders')].filter(([, v]) => Date.parse(v) >= Date.parse(start)));
  t.same(latestVersions('updated_at', read.records), since, 'every order modified since startDate, each in its latest version');
});

t.test('orders changed mid-scan are not missed: the scan misses none of the others, the next run reads the changed', async (t) => {
  const emu = await emulator(t, { orders: 80, faults: { changeAfterPages: 3 } });
  const config = configFor(emu, { pageSize: 5, windowDays: 90 });
  const before = new Map(emu.store.orders.map((o) => [o.id, o.modifiedMs]));
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'orders changed while the run paged');
  const unchanged = emu.store.orders.filter((o) => before.get(o.id) === o.modifiedMs).map((o) => String(o.id));
  const read1 = new Set(run1.records.map((r) => String(r.id)));
  t.same(unchanged.filter((id) => !read1.has(id)), [], 'every order not changed meanwhile was read in the first run');
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  const diff = compareVersions(latestVersions('updated_at', run1.records, run2.records), expectedVersions(emu, 'orders'));
  t.same(diff, { missing: [], stale: [] }, 'after the second run every order is read in its latest version');
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu, { overlapSeconds: 0 });
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.equal(run1.records.length, emu.store.orders.length);
  await nextSecond();
  const summary = await emu.mutate({ orders: 4, customers: 0 });
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  const changed = new Set([...summary.ordersChanged, ...summary.ordersAdded].map(String));
  t.same(new Set(run2.records.map((r) => String(r.id))), changed, 'exactly the changed and added orders');
  const third = await openStream(config, 'orders');
  const run3 = await readAll(third.stream, third.ctx, { state: run2.state });
  t.equal(run3.records.length, 0, 'nothing changed since: nothing read');
});

t.test('a run cut mid-window and resumed from its last state loses nothing', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const config = configFor(emu, { windowDays: 90, pageSize: 10, startDate: new Date(Date.now() - 62 * DAY).toISOString() });
  const first = await openStream(config, 'orders');
  const cut = await readAll(first.stream, first.ctx, { batchSize: 7, stopAfter: 3 });
  t.same(cut.state, {}, 'the state of a first run cut inside its window keeps no until');
  t.equal(cut.records.length, 21);
  const again = await openStream(config, 'orders');
  const resumed = await readAll(again.stream, again.ctx, { state: cut.state, batchSize: 7 });
  t.same(compareVersions(latestVersions('updated_at', cut.records, resumed.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] });
  // Cut an incremental run inside its window too.
  await nextSecond();
  await emu.mutate({ orders: 10 });
  const inc = await openStream(config, 'orders');
  const cut2 = await readAll(inc.stream, inc.ctx, { state: resumed.state, batchSize: 2, stopAfter: 2 });
  t.same(cut2.state, resumed.state, 'a batch inside the window keeps the old until');
  const last = await openStream(config, 'orders');
  const rest = await readAll(last.stream, last.ctx, { state: cut2.state });
  t.same(compareVersions(latestVersions('updated_at', cut.records, resumed.records, cut2.records, rest.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] });
});

t.test('modified bounds: exclusive (WordPress) or inclusive, nothing on a second boundary is lost', async (t) => {
  for (const inclusiveDateBounds of [false, true]) {
    const emu = await emulator(t, { orders: 40, inclusiveDateBounds });
    // Orders exactly on window edges: windows of one day from a whole-second start.
    const start = Math.floor((Date.now() - 30 * DAY) / 1000) * 1000;
    for (const [i, order] of emu.store.orders.slice(0, 5).entries()) order.modifiedMs = start + (i + 1) * DAY;
    const { stream, ctx } = await openStream(configFor(emu, { windowDays: 1, startDate: new Date(start).toISOString() }), 'orders');
    const read = await readAll(stream, ctx);
    const got = latestVersions('updated_at', read.records);
    const want = new Map([...expectedVersions(emu, 'orders')].filter(([, v]) => Date.parse(v) >= start));
    t.same(compareVersions(got, want), { missing: [], stale: [] }, `inclusive=${inclusiveDateBounds}: orders on window edges are read`);
  }
});

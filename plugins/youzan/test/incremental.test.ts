import t from 'tap';
import { configFor, emulator, expectedOrders, latest, openStream, readAll } from './helpers/youzan.js';

const HOUR = 3600_000;
const parseChina = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`);

t.test('windows are never wider than configured, and each is paged from its last page back', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 24 * 7, pageSize: 5 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 60);
  const calls = emu.kit.requests.filter((r) => r.path.startsWith('/api/youzan.trades.sold.get'));
  const bodies = calls.map((c) => c.body as { start_update: string; end_update: string; page_no: number });
  t.ok(bodies.every((b) => parseChina(b.end_update) - parseChina(b.start_update) <= 24 * 7 * HOUR), 'no window wider than 7 days');
  const byWindow = new Map<string, number[]>();
  for (const b of bodies) byWindow.set(`${b.start_update}|${b.end_update}`, [...(byWindow.get(`${b.start_update}|${b.end_update}`) ?? []), b.page_no]);
  const paged = [...byWindow.values()].filter((pages) => pages.length > 1);
  t.ok(paged.length > 0, 'some window has several pages');
  for (const pages of paged) {
    const after = pages.slice(1);
    t.same(after, [...after].sort((a, b) => b - a), `after page 1, pages go backwards: ${pages.join(',')}`);
    t.equal(after.at(-1), 1);
  }
});

t.test('a window the listing cannot page through (over 100 pages) is split', async (t) => {
  // 101 orders in one window at one order per page: more than the 100 pages Youzan serves.
  const small = await emulator(t, { orders: 40 });
  const { MAX_PAGES } = await import('../src/streams/orders-stream.js');
  t.equal(MAX_PAGES, 100);
  small.store.orders.push(...Array.from({ length: 61 }, (_, i) => ({ ...small.store.orders[0]!, tid: `E2026000000000000000${String(i).padStart(4, '0')}` })));
  const opened = await openStream(configFor(small, { windowHours: 24 * 40, pageSize: 1 }), 'orders');
  const all = await readAll(opened.stream, opened.ctx);
  t.equal(all.records.length, 101, 'every order read after the window was split');
  const widths = small.kit.requests.filter((r) => r.path.startsWith('/api/youzan.trades.sold.get')).map((r) => r.body as { start_update: string; end_update: string });
  t.ok(widths.some((b) => parseChina(b.end_update) - parseChina(b.start_update) < 24 * 40 * HOUR - 1000), 'a narrower window was asked for');
});

t.test('orders changed while a window is paged are not missed', async (t) => {
  const emu = await emulator(t, { orders: 50, faults: { changeAfterPages: 3 } });
  const config = configFor(emu, { pageSize: 5 });
  const before = new Set(emu.store.orders.map((o) => o.tid));
  const { stream, ctx } = await openStream(config, 'orders');
  const first = await readAll(stream, ctx);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'records changed mid-read');
  const seen = new Set(first.records.map((r) => String(r.tid)));
  t.same([...before].filter((tid) => !seen.has(tid)), [], 'every order is read at least once');
  const second = await readAll((await openStream(config, 'orders', ctx)).stream, ctx, { state: first.state });
  const union = latest(first.records, second.records);
  const expected = expectedOrders(emu);
  t.same([...expected].filter(([tid, at]) => union.get(tid) !== at).map(([tid]) => tid), [], 'after the next run every order is at its latest version');
});

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu, { overlapSeconds: 0 });
  const { stream, ctx } = await openStream(config, 'orders');
  const first = await readAll(stream, ctx);
  t.equal(first.records.length, 40);
  const changed = await emu.mutate({ orders: 4 });
  const second = await readAll((await openStream(config, 'orders', ctx)).stream, ctx, { state: first.state });
  t.same(second.records.map((r) => r.tid).sort(), changed.orders.map((o) => o.tid).sort());
});

t.test('a run cut mid-window and resumed from its saved state loses nothing', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu, { windowHours: 24 * 60 });
  const { stream, ctx } = await openStream(config, 'orders');
  const cut = await readAll(stream, ctx, { batchSize: 5, stopAfter: 2 });
  t.equal(cut.records.length, 10);
  const resumed = await readAll((await openStream(config, 'orders', ctx)).stream, ctx, { state: JSON.parse(JSON.stringify(cut.state ?? null)) ?? undefined, batchSize: 5 });
  const union = latest(cut.records, resumed.records);
  t.same([...expectedOrders(emu).keys()].filter((tid) => !union.has(tid)), []);
});

t.test('duplicated and shifted pages are de-duplicated: every order once per window', async (t) => {
  for (const faults of [{ duplicatePage: true }, { shiftPages: 2 }]) {
    const emu = await emulator(t, { faults });
    const { stream, ctx } = await openStream(configFor(emu, { pageSize: 5, windowHours: 24 * 60 }), 'orders');
    const read = await readAll(stream, ctx);
    t.ok(emu.kit.requests.some((r) => /duplicate-page|shift-pages/.test(r.fault ?? '')), `the ${Object.keys(faults)[0]} fault was served`);
    const tids = read.records.map((r) => String(r.tid));
    t.equal(new Set(tids).size, tids.length, 'no order twice');
    t.same([...expectedOrders(emu).keys()].filter((tid) => !tids.includes(tid)), [], 'none missing');
  }
});

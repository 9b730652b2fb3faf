import t from 'tap';
import { CursorCodec } from '../src/cursor-value.js';
import { compareVersions, configFor, emulator, expectedOrders, latestVersions, openStream, readAll } from './helpers/rest.js';

const sinceParams = (emu: { kit: { requests: { path: string; query: Record<string, string> }[] } }) =>
  emu.kit.requests.filter((r) => r.path === '/api/v2/orders').map((r) => r.query.updated_since);

t.test('a second run reads only what changed', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu);
  const { stream, ctx } = await openStream(config, 'orders');
  const first = await readAll(stream, ctx);
  t.equal(first.records.length, emu.store.orders.length, 'the first run reads every order');
  t.ok(sinceParams(emu).every((s) => s === undefined), 'the first run asks for no updated_since');
  const highest = Math.max(...emu.store.orders.map((o) => Date.parse(o.modified_at)));
  t.equal((first.state as { cursor: string }).cursor, new Date(highest).toISOString(), 'the cursor is the highest modified_at read');

  emu.kit.requests.length = 0;
  const idle = await readAll(stream, ctx, { state: first.state });
  t.equal(idle.records.length, 0, 'nothing changed: nothing is read, not even the overlap');
  t.same(sinceParams(emu)[0], new Date(highest - 60_000).toISOString().replace('.000Z', 'Z'), 'it asks from the cursor less the 60 s overlap');

  const changed = emu.store.mutate({ orders: 6, newOrders: 2 });
  const second = await readAll(stream, ctx, { state: idle.state });
  t.same(second.records.map((r) => r.order_no).sort(), [...changed.orders, ...changed.added].sort(), 'the second run reads exactly the changed and new orders');
  t.same(compareVersions(latestVersions('order_no', 'modified_at', first.records, second.records), expectedOrders(emu)), { missing: [], stale: [] });
});

t.test('a crash mid-pagination re-reads and loses nothing', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
  const first = await readAll(stream, ctx);
  emu.store.mutate({ orders: 20, newOrders: 3 });

  // Cut after two batches of a paged listing, as a crash would: the engine keeps the last settled batch's state.
  const cut = await readAll(stream, ctx, { state: first.state, batchSize: 4, stopAfter: 2 });
  t.ok(cut.records.length > 0 && cut.records.length < 23, `the cut run delivered ${cut.records.length} of 23 changes`);
  t.same(cut.state, first.state, 'until the listing ends, each batch carries the state the run began with');
  // More changes arrive before the restart.
  emu.store.mutate({ orders: 4 });
  const resumed = await readAll(stream, ctx, { state: cut.state });
  const read = latestVersions('order_no', 'modified_at', first.records, cut.records, resumed.records);
  t.same(compareVersions(read, expectedOrders(emu)), { missing: [], stale: [] }, 'every order read at its latest version');
  const after = await readAll(stream, ctx, { state: resumed.state });
  t.equal(after.records.length, 0, 'and the next run finds nothing left');
});

t.test('records changed while the sync pages through them are not missed', async (t) => {
  const emu = await emulator(t, { faults: { changeAfterPages: 2 } });
  const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
  const first = await readAll(stream, ctx);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('records-changed')), 'the store changed records mid-listing');
  const second = await readAll(stream, ctx, { state: first.state });
  const read = latestVersions('order_no', 'modified_at', first.records, second.records);
  t.same(compareVersions(read, expectedOrders(emu)), { missing: [], stale: [] });
});

t.test('the cursor never moves past the moment the listing began', async (t) => {
  // A store clock standing still: records changed now are stamped at or after the listing's Date header.
  const now = Math.floor(Date.now() / 1000) * 1000;
  const emu = await emulator(t, { now });
  // Changed twice this second: the second change is stamped a second later, after the clock.
  emu.store.setState({ order_no: 'SO00000001', state: 'paid' });
  emu.store.setState({ order_no: 'SO00000001', state: 'shipped' });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const first = await readAll(stream, ctx);
  const highest = Math.max(...emu.store.orders.map((o) => Date.parse(o.modified_at)));
  t.ok(highest > now, 'some orders are stamped after the listing began');
  t.equal((first.state as { cursor: string }).cursor, new Date(now).toISOString(), 'the cursor stops at the Date of the first page');
  const again = await readAll(stream, ctx, { state: first.state });
  t.equal(again.records.length, 0, 'what was read inside the overlap is not delivered twice');
});

t.test('full refresh ignores the cursor; startDate bounds the first run', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const first = await readAll(stream, ctx);
  emu.kit.requests.length = 0;
  const full = await readAll(stream, ctx, { state: first.state, fullRefresh: true });
  t.equal(full.records.length, emu.store.orders.length, 'a full refresh reads every order');
  t.ok(sinceParams(emu).every((s) => s === undefined), 'without updated_since');

  const start = new Date(Date.now() - 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const bounded = await openStream({ ...configFor(emu), startDate: start }, 'orders');
  emu.kit.requests.length = 0;
  const recent = await readAll(bounded.stream, bounded.ctx);
  t.equal(sinceParams(emu)[0], start, 'the first run asks from startDate, without overlap');
  t.same(recent.records.map((r) => r.order_no).sort(), emu.store.orders.filter((o) => Date.parse(o.modified_at) >= Date.parse(start)).map((o) => o.order_no).sort());
});

t.test('cursor formats', async (t) => {
  const iso = new CursorCodec('iso8601');
  t.equal(iso.parse('2026-12-03T18:00:00+08:00'), Date.parse('2026-12-03T10:00:00Z'), 'instants compare across offsets');
  t.equal(iso.param(Date.parse('2026-12-03T10:00:00Z'), 60), '2026-12-03T09:59:00Z');
  const unix = new CursorCodec('unix');
  t.equal(unix.parse('1764756000'), 1764756000_000);
  t.equal(unix.param(1764756000_000, 60), '1764755940');
  const ms = new CursorCodec('unix_ms');
  t.equal(ms.param(1764756000_123, 1), '1764755999123');
  const num = new CursorCodec('number');
  t.equal(num.param(42, 60), '42', 'no overlap on a sequence number');
  t.ok(num.compare(9, 10) < 0);
  const text = new CursorCodec('string');
  t.ok(text.compare('0009', '0010') < 0);
  t.equal(text.parse(null), undefined);
  t.equal(iso.parse('not a date'), undefined);
});

import t from 'tap';
import type { UpdatedAtState } from '../src/index.js';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll } from './helpers/shopify.js';

t.test('an incremental run reads only what changed since the watermark, with the overlap', async (t) => {
  const emu = await emulator(t, { orders: 80 });
  const config = configFor(emu);
  const first = await openStream(config, 'orders');
  const run1 = await readAll(first.stream, first.ctx);
  t.equal(run1.records.length, 80);
  const state = run1.state as UpdatedAtState;
  t.ok(state.watermark && state.pass === undefined, 'a finished pass leaves only a watermark');
  const changed = emu.store.mutate({ orders: 6 });
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state });
  t.ok(run2.records.length < 80, `the incremental run reads fewer orders (${run2.records.length})`);
  const ids = new Set(run2.records.map((r) => r.id));
  for (const id of [...changed.ordersChanged, ...changed.ordersAdded]) t.ok(ids.has(`gid://shopify/Order/${id}`), `order ${id} read again`);
  const query = emu.kit.requests.map((r) => (r.body as { variables?: { query?: string } } | undefined)?.variables?.query).find((q) => q);
  const since = Date.parse(state.watermark!) - 300_000;
  t.equal(query, `updated_at:>='${new Date(since).toISOString().replace('.000Z', 'Z')}'`, 'the search starts 300 s below the watermark');
});

t.test('customers are searched by whole days', async (t) => {
  const emu = await emulator(t, { customers: 40 });
  const config = configFor(emu);
  const first = await openStream(config, 'customers');
  const run1 = await readAll(first.stream, first.ctx);
  emu.store.mutate({ customers: 3 });
  const second = await openStream(config, 'customers');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  const query = emu.kit.requests.map((r) => (r.body as { variables?: { query?: string } } | undefined)?.variables?.query).find((q) => q);
  t.match(query, /^updated_at:>='\d{4}-\d{2}-\d{2}'$/, 'a date, not a moment');
  t.same(compareVersions(latestVersions(run1.records, run2.records), expectedVersions(emu, 'customers')), { missing: [], stale: [] });
});

t.test('a run stopped mid-pagination resumes from its last settled page; the watermark waits for the end', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  // Two line items per order keep a page of 10 under the 1,000-point cap, so pages really hold 10.
  const config = configFor(emu, { pageSize: 10, lineItemsPageSize: 2 });
  const first = await openStream(config, 'orders');
  // Batches of 4 from pages of up to 10: the third batch ends inside the second page.
  const run1 = await readAll(first.stream, first.ctx, { batchSize: 4, stopAfter: 5 });
  const state = run1.state as UpdatedAtState;
  t.ok(state.pass, 'the saved state is a pass under way');
  t.equal(state.watermark, undefined, 'no watermark before a pass has finished');
  const changed = emu.store.mutate({ orders: 5 });
  const second = await openStream(config, 'orders');
  const run2 = await readAll(second.stream, second.ctx, { state });
  const end = run2.state as UpdatedAtState;
  t.ok(end.watermark && !end.pass, 'the resumed pass finished and set the watermark');
  t.same(compareVersions(latestVersions(run1.records, run2.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] }, 'nothing missing across the crash');
  // Pages of 10 in batches of 4, 4, 2: the fifth batch is inside the second page, so the first page is settled.
  const touched = new Set([...changed.ordersChanged, ...changed.ordersAdded].map((id) => `gid://shopify/Order/${id}`));
  const settled = run1.records.slice(0, 10).map((r) => String(r.id)).filter((id) => !touched.has(id));
  const reread = run2.records.filter((r) => settled.includes(String(r.id)));
  t.same(reread, [], 'the resumed run did not read the settled first page again');
});

t.test('a full refresh ignores the saved state', async (t) => {
  const emu = await emulator(t, { customers: 30 });
  const config = configFor(emu);
  const first = await openStream(config, 'customers');
  const run1 = await readAll(first.stream, first.ctx);
  const second = await openStream(config, 'customers');
  let count = 0;
  for await (const batch of second.stream.read({ state: run1.state, batchSize: 50, fullRefresh: true }, second.ctx)) count += batch.items.length;
  t.equal(count, 30);
});

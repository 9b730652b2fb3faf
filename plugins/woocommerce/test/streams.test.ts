import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, nextSecond, openStream, readAll } from './helpers/woo.js';

t.test('customers: every role, every customer; the next run reads only the edited ones', async (t) => {
  const emu = await emulator(t, { customers: 25 });
  emu.store.customers[0]!.role = 'subscriber';
  const config = configFor(emu, { pageSize: 7, overlapSeconds: 0 });
  const first = await openStream(config, 'customers');
  const run1 = await readAll(first.stream, first.ctx, { batchSize: 5 });
  t.same(latestVersions('updated_at', run1.records), expectedVersions(emu, 'customers'));
  const request = emu.kit.requests.find((r) => r.path === '/wp-json/wc/v3/customers');
  t.match(request?.query, { role: 'all', orderby: 'id', order: 'asc', per_page: '7' });
  t.ok(run1.states.slice(0, -1).every((s) => JSON.stringify(s) === '{}'), 'batches before the end keep the old state');
  await nextSecond();
  const summary = await emu.mutate({ orders: 1, customers: 3 });
  const second = await openStream(config, 'customers');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(new Set(run2.records.map((r) => r.id)), new Set(summary.customersChanged.map(String)));
  t.same(compareVersions(latestVersions('updated_at', run1.records, run2.records), expectedVersions(emu, 'customers')), { missing: [], stale: [] });
});

t.test('refunds: each refund of each order, positive amounts in the order currency; new ones arrive incrementally', async (t) => {
  const emu = await emulator(t, { orders: 60, currency: 'CNY' });
  const config = configFor(emu, { overlapSeconds: 0 });
  const first = await openStream(config, 'refunds');
  const run1 = await readAll(first.stream, first.ctx);
  t.same(latestVersions('created_at', run1.records), expectedVersions(emu, 'refunds'));
  for (const r of run1.records) {
    t.match(r.amount, /^\d+\.\d{2}$/);
    t.equal(r.currency, 'CNY');
    t.equal(emu.store.order(Number(r.order_id))?.refunds.some((x) => String(x.id) === r.id), true);
  }
  const refundCalls = emu.kit.requests.filter((r) => /\/refunds$/.test(r.path)).length;
  t.equal(refundCalls, new Set(emu.store.refunds().map((r) => r.orderId)).size, 'refunds asked only of orders that list some');
  await nextSecond();
  const summary = await emu.mutate({ orders: 6 });
  const second = await openStream(config, 'refunds');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.ok(summary.refundsAdded.length > 0);
  for (const id of summary.refundsAdded) t.ok(run2.records.some((r) => r.id === String(id)), `new refund ${id} read`);
  t.same(compareVersions(latestVersions('created_at', run1.records, run2.records), expectedVersions(emu, 'refunds')), { missing: [], stale: [] });
});

t.test('orders carry channel, exact totals and refunded sums', async (t) => {
  const emu = await emulator(t, { orders: 40 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  for (const r of read.records) {
    const order = emu.store.order(Number(r.id))!;
    t.equal(r.channel, 'woocommerce');
    t.equal(r.currency, 'USD');
    const cents = order.lines.reduce((s, l) => s + l.priceCents * l.quantity, 0) + order.shippingCents;
    t.equal(r.total, `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
    const refunded = order.refunds.reduce((s, x) => s + x.amountCents, 0);
    t.equal(r.total_refunded, refunded === 0 ? '0' : `${Math.floor(refunded / 100)}.${String(refunded % 100).padStart(2, '0')}`);
    t.match(r.updated_at, /Z$/);
    t.equal(Date.parse(String(r.updated_at)), order.modifiedMs, 'updated_at is date_modified_gmt, not the store-local time');
  }
});

import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/douyin.js';

t.test('after-sale cases: raw statuses kept, exact amounts, the canonical refund status', async (t) => {
  const emu = await emulator(t, { orders: 40 });
  const { stream, ctx } = await openStream(configFor(emu), 'after_sales');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, emu.store.afterSales.length, 'every case read');
  const byId = new Map(read.records.map((r) => [String(r.aftersale_id), r]));
  for (const sale of emu.store.afterSales) {
    const r = byId.get(sale.aftersale_id)!;
    t.equal(r.shop_order_id, sale.order_id);
    t.equal(r.aftersale_status, sale.aftersale_status);
    t.equal(r.refund_amount, sale.refund_amount, 'fen kept raw');
    t.equal(r.amount, `${Math.trunc(sale.refund_amount / 100)}.${String(sale.refund_amount % 100).padStart(2, '0')}`, 'exact yuan');
    t.match(r.updated_at, /\+08:00$/);
  }
  const kinds = (desc: string) => read.records.filter((r) => r.after_sale_status_desc === desc).map((r) => r.refund_status);
  t.ok(kinds('refund_success').length > 0 && kinds('refund_success').every((s) => s === 'refunded'));
  t.ok(kinds('refund').length > 0 && kinds('refund').every((s) => s === 'requested'), 'a success whose money is on its way is still requested');
  t.ok(kinds('exchange_success').every((s) => s === 'none'));
  t.ok(kinds('refund_fail').every((s) => s === 'rejected'));
  const calls = emu.kit.requests.filter((r) => r.query.method === 'afterSale.List').map((r) => r.body as Record<string, unknown>);
  t.ok(calls.every((c) => Array.isArray(c.order_by) && c.order_by[0] === 'update_time asc' && Number(c.size) <= 100), 'polled by update time, pages of at most 100');
});

t.test('an undocumented aftersale_status is an UNMAPPED_VALUE, the run goes on', async (t) => {
  const emu = await emulator(t, { orders: 40 });
  emu.store.afterSales[0]!.aftersale_status = 99;
  const { stream, ctx } = await openStream(configFor(emu), 'after_sales');
  const read = await readAll(stream, ctx);
  t.equal(read.invalid.length, 1);
  t.match(read.invalid[0], { code: 'UNMAPPED_VALUE', invalid: /aftersale_status 99/ });
  t.equal(read.records.length, emu.store.afterSales.length - 1);
});

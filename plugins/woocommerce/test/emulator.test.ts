import t from 'tap';
import { ORDER_STATUSES, platform, wooEmulator, wooTime } from '../emulator/index.js';
import { body, emulator } from './helpers/woo.js';

t.test('speaks WordPress REST paging: per_page ≤ 100, X-WP-Total(Pages), Link', async (t) => {
  const emu = await emulator(t, { orders: 45 });
  const auth = { authorization: `Basic ${Buffer.from(`${emu.credentials.consumerKey}:${emu.credentials.consumerSecret}`).toString('base64')}` };
  const get = (query: string) => fetch(`${emu.url}/wp-json/wc/v3/orders?${query}`, { headers: auth });
  let res = await get('');
  t.equal((await body(res)).length, 10, 'per_page defaults to 10');
  const visible = emu.store.orders.filter((o) => o.status !== 'trash').length;
  t.equal(res.headers.get('x-wp-total'), String(visible), 'status=any leaves the trash out');
  t.equal(res.headers.get('x-wp-totalpages'), String(Math.ceil(visible / 10)));
  t.match(res.headers.get('link'), /page=2>; rel="next"/);
  res = await get('per_page=20&page=2');
  t.match(res.headers.get('link'), /page=1>; rel="prev".*page=3>; rel="next"/);
  res = await get('per_page=101');
  t.equal(res.status, 400);
  t.match(await body(res), { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page', data: { status: 400, params: { per_page: /between 1 \(inclusive\) and 100/ } } });
  res = await get('page=0');
  t.equal(res.status, 400);
  res = await get('per_page=100&page=9');
  t.same(await body(res), [], 'past the last page: an empty list');
  res = await get('status=shipped');
  t.match(await body(res), { code: 'rest_invalid_param', data: { params: { status: /status\[0\] is not one of/ } } });
  res = await get('status=trash&per_page=100');
  t.ok((await body(res)).every((o: { status: string }) => o.status === 'trash'));
  res = await get('status=any,trash&per_page=100');
  t.equal((await body(res)).length, emu.store.orders.length);
  res = await fetch(`${emu.url}/wp-json/wc/v3/orders/1`, { headers: auth });
  t.match(await body(res), { code: 'woocommerce_rest_shop_order_invalid_id', data: { status: 404 } });
});

t.test('serves every status, guests, refunds, GMT and store-local times, and sorts by modified', async (t) => {
  const emu = await emulator(t, { orders: 40, utcOffsetMinutes: 480 });
  t.same(new Set(emu.store.orders.map((o) => o.status)), new Set(ORDER_STATUSES), 'every status among the seeded orders');
  t.ok(emu.store.orders.some((o) => o.customerId === 0), 'guests');
  t.ok(emu.store.refunds().length > 0, 'refunds');
  const auth = { authorization: `Basic ${Buffer.from(`${emu.credentials.consumerKey}:${emu.credentials.consumerSecret}`).toString('base64')}` };
  const list = await await body(fetch(`${emu.url}/wp-json/wc/v3/orders?orderby=modified&order=asc&per_page=100`, { headers: auth }));
  const modified = list.map((o: { date_modified_gmt: string }) => o.date_modified_gmt);
  t.same(modified, [...modified].sort(), 'ascending by modified');
  const o = list[0];
  t.equal(o.date_modified, wooTime(Date.parse(`${o.date_modified_gmt}Z`), 480), 'date_modified is the store\'s local time');
  // A bound without an offset is store-local unless dates_are_gmt is set.
  const cut = o.date_modified_gmt as string;
  const gmt = await await body(fetch(`${emu.url}/wp-json/wc/v3/orders?per_page=100&modified_after=${cut}&dates_are_gmt=true`, { headers: auth }));
  const local = await await body(fetch(`${emu.url}/wp-json/wc/v3/orders?per_page=100&modified_after=${cut}`, { headers: auth }));
  t.ok(gmt.every((x: { date_modified_gmt: string }) => x.date_modified_gmt > cut), 'modified_after is exclusive');
  t.ok(local.length > gmt.length, 'read as the store\'s UTC+8, the same text is 8 hours earlier: more orders');
  const refunded = emu.store.orders.find((x) => x.refunds.length > 0)!;
  const refunds = await await body(fetch(`${emu.url}/wp-json/wc/v3/orders/${refunded.id}/refunds`, { headers: auth }));
  t.equal(refunds.length, refunded.refunds.length);
  t.match(refunds[0], { id: Number, amount: /^\d+\.\d{2}$/, date_created_gmt: String, refunded_payment: Boolean });
});

t.test('mutate (over HTTP) moves orders on, stamped now; the module is what `datong emulate` loads', async (t) => {
  const emu = await emulator(t, { orders: 30 });
  const before = new Map(emu.store.orders.map((o) => [o.id, `${o.status}@${o.modifiedMs}`]));
  const summary = await await body(fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 4 }) }));
  t.ok(summary.ordersChanged.length >= 4);
  for (const id of summary.ordersChanged) t.not(before.get(id), `${emu.store.order(id)!.status}@${emu.store.order(id)!.modifiedMs}`, `order ${id} changed`);
  t.equal(summary.ordersAdded.length, 1);
  t.ok(summary.refundsAdded.length >= 1);
  t.equal(platform, 'woocommerce');
  t.equal(wooEmulator.platform, 'woocommerce');
  t.match(emu.credentials, { storeUrl: emu.url, consumerKey: /^ck_/, consumerSecret: /^cs_/ });
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, config, customers, customerSpec, orders, orderSpec, yonbip } from './helpers/yonbip-fixtures.js';

// YonBIP's published quota is 60 calls/min per sales-order endpoint; here scaled down to 5 per
// 1000 ms (emulator orderCallsPerWindow/rateWindowMs, sink salesOrderCallsPerMinute/rateWindowMs).
const PER_WINDOW = 5;
const WINDOW_MS = 1000;

t.test('sales orders keep to the per-endpoint quota, wait out 310046, and nothing is lost or doubled', async (t) => {
  const emulator = await yonbip({ orderCallsPerWindow: PER_WINDOW, rateWindowMs: WINDOW_MS });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator, { salesOrderCallsPerMinute: PER_WINDOW, rateWindowMs: WINDOW_MS }), ctx);
  const people = customers(3);
  await (await connection.object(customerSpec)).write(people, ctx);
  const token = JSON.parse((await ctx.state.getSecret('yonbip.access_token'))!).token as string;
  // Another app of the tenant has just spent the whole singleSave window.
  for (let i = 0; i < PER_WINDOW; i++) {
    await fetch(`${emulator.url}/iuap-api-gateway/yonbip/sd/voucherorder/singleSave?access_token=${encodeURIComponent(token)}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { _status: 'Insert' } }),
    });
  }
  const deals = orders(Array.from({ length: 12 }, (_, i) => people[i % 3]!.key));
  const started = Date.now();
  const results = (await (await connection.object(orderSpec)).write(deals, ctx)) ?? [];
  const elapsed = Date.now() - started;

  t.equal(results.filter((r) => r.sinkId !== undefined).length, 12, 'every order written');
  for (const { key } of deals) t.equal(emulator.store.creations.get(`salesOrders:${key}`), 1, `${key} created once`);
  const throttled = calls(emulator, '/voucherorder/singleSave').filter((r) => (r.fault ?? '').includes('rate-limit'));
  t.ok(throttled.length >= 1, `YonBIP answered 310046 (${throttled.length} times) and the sink waited it out`);
  for (const endpoint of ['/voucherorder/singleSave', '/voucherorder/list']) {
    const accepted = calls(emulator, endpoint).filter((r) => !(r.fault ?? '').includes('rate-limit')).map((r) => r.at);
    const mine = endpoint.endsWith('singleSave') ? accepted.slice(PER_WINDOW) : accepted;
    const busiest = Math.max(...mine.map((at) => mine.filter((o) => o >= at && o < at + WINDOW_MS).length));
    t.ok(busiest <= PER_WINDOW, `${endpoint}: no ${WINDOW_MS} ms window held more than ${PER_WINDOW} of the sink's calls (busiest: ${busiest})`);
  }
  // 12 saves at 5 per 1.25 s (the window plus the sink's slack) is at least ~2.75 s; quota used, not squandered.
  t.ok(elapsed < 6000, `the quota was used fully: 12 orders in ${elapsed} ms`);
});

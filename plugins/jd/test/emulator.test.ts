import t from 'tap';
import { JD_ORDER_STATES, expectedSign } from '../emulator/index.js';
import { emulator } from './helpers/jd.js';

t.test('the seeded orders hold every documented order_state', async (t) => {
  const emu = await emulator(t);
  t.same(new Set(emu.store.orders.map((o) => o.state)), new Set(JD_ORDER_STATES));
});

t.test('the mutate control changes orders and their modified time', async (t) => {
  const emu = await emulator(t);
  const before = new Map(emu.store.orders.map((o) => [o.orderId, o.modifiedMs]));
  const response = await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: 3, added: 1 }) });
  const result = (await response.json()) as { changed: string[]; added: string[] };
  t.equal(result.changed.length, 3);
  t.equal(result.added.length, 1);
  for (const id of result.changed) t.ok(emu.store.orders.find((o) => o.orderId === id)!.modifiedMs > before.get(id)!, `${id} modified later`);
});

t.test('gateway errors answer inside HTTP 200 with the JOS shape', async (t) => {
  const emu = await emulator(t);
  const response = await fetch(`${emu.url}/routerjson?method=jingdong.pop.order.enSearch`);
  t.equal(response.status, 200);
  t.match(await response.json(), { error_response: { code: '4' } }, 'missing v');
  t.ok(response.headers.get('date'), 'a Date header on the emulator clock');
});

t.test('the emulator enforces page_size ≤ 50 and a month-wide window, inside HTTP 200', async (t) => {
  const emu = await emulator(t);
  const call = async (business: Record<string, unknown>) => {
    const p = new Map<string, string>(Object.entries({
      method: 'jingdong.pop.order.enSearch', app_key: emu.credentials.appKey!, access_token: emu.credentials.accessToken!, v: '2.0', format: 'json', sign_method: 'md5',
      timestamp: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '), '360buy_param_json': JSON.stringify(business),
    }));
    p.set('sign', expectedSign(p, emu.credentials.appSecret!));
    const response = await fetch(`${emu.url}/routerjson`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams([...p]).toString() });
    t.equal(response.status, 200);
    return (await response.json()) as { jingdong_pop_order_enSearch_responce: { searchorderinfo_result: { apiResult: { success: boolean }; orderTotal?: number } } };
  };
  const base = { start_date: '2026-11-01 00:00:00', end_date: '2026-11-02 00:00:00', order_state: JD_ORDER_STATES.join(','), optional_fields: 'orderId,modified', page: '1' };
  t.equal((await call({ ...base, page_size: '50' })).jingdong_pop_order_enSearch_responce.searchorderinfo_result.apiResult.success, true, 'POST form, 50 per page: fine');
  t.equal((await call({ ...base, page_size: '51' })).jingdong_pop_order_enSearch_responce.searchorderinfo_result.apiResult.success, false, '51 refused');
  t.equal((await call({ ...base, page_size: '10', end_date: '2026-12-03 00:00:00' })).jingdong_pop_order_enSearch_responce.searchorderinfo_result.apiResult.success, false, 'over a month refused');
  t.equal((await call({ ...base, page_size: '10', optional_fields: undefined })).jingdong_pop_order_enSearch_responce.searchorderinfo_result.apiResult.success, false, 'optional_fields required');
});

t.test("the gateway reads JD's example timestamp form (milliseconds and +0800) too", async (t) => {
  const { fromChinaTime } = await import('../emulator/gateway-signature.js');
  t.equal(fromChinaTime('2021-05-07 09:20:39.683+0800'), Date.parse('2021-05-07T01:20:39.683Z'));
  t.equal(fromChinaTime('2021-05-07 09:20:39'), Date.parse('2021-05-07T01:20:39Z'));
  t.ok(Number.isNaN(fromChinaTime('2021-05-07T09:20:39')));
});

import t from 'tap';
import { emulator } from './helpers/youzan.js';

const post = async (url: string, body: unknown, type = 'application/json') =>
  (await (await fetch(url, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify(body) })).json()) as Record<string, any>;

async function tokenFor(url: string, creds: Record<string, string>): Promise<string> {
  const answer = await post(`${url}/auth/token`, { client_id: creds.clientId, client_secret: creds.clientSecret, authorize_type: 'silent', grant_id: creds.grantId, refresh: false });
  return answer.data.access_token as string;
}

t.test('trades.sold.get enforces its limits with Youzan error shapes', async (t) => {
  const emu = await emulator(t, { now: Date.parse('2026-12-03T02:00:00Z') });
  const token = await tokenFor(emu.url, emu.credentials);
  const api = `${emu.url}/api/youzan.trades.sold.get/4.0.4?access_token=${token}`;
  t.match(await post(api, { page_size: 101 }), { success: false, code: 5000, message: /100/, data: { full_order_info_list: [] } });
  t.match(await post(api, { page_no: 101 }), { success: false, code: 5000 });
  t.match(await post(api, { start_update: '2026-12-01', end_update: '2026-12-02' }), { gw_err_resp: { err_code: 5001 } }, 'a date without time: 5001');
  t.match(await post(api, { start_update: '2026-12-02 00:00:00', end_update: '2026-12-01 00:00:00' }), { code: 5000, message: /开始时间/ });
  t.match(await post(api, { start_update: '2026-06-01 00:00:00', end_update: '2026-12-01 00:00:00' }), { code: 5000, message: /3个月/ });
  const all = await post(api, { start_update: '2026-10-01 00:00:00', end_update: '2026-12-03 10:00:00', page_size: 100 });
  t.equal(all.code, 200);
  t.equal(all.data.total_results, 40);
  const times = (all.data.full_order_info_list as any[]).map((x) => x.full_order_info.order_info.update_time as string);
  t.same(times, [...times].sort().reverse(), 'sorted by update time, newest first');
  const only = await post(api, { start_update: '2026-10-01 00:00:00', page_size: 100 });
  t.equal(only.data.total_results, 40, 'an unpaired time is ignored');
});

t.test('the rate-limit fault answers gateway 4101 in HTTP 200; mutate changes status and update time', async (t) => {
  const emu = await emulator(t);
  const token = await tokenFor(emu.url, emu.credentials);
  emu.kit.setFaults({ rateLimitAfter: 0, rateLimitCalls: 1 });
  const response = await fetch(`${emu.url}/api/youzan.trade.get/4.0.2?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tid: emu.store.orders[0]!.tid }) });
  t.equal(response.status, 200);
  t.match(await response.json(), { gw_err_resp: { err_code: 4101 } });
  const before = emu.store.orders.map((o) => `${o.status}@${o.updatedAt}`);
  const changed = await post(`${emu.url}/_emulator/mutate`, { orders: 3 });
  t.equal(changed.orders.length, 3);
  const after = emu.store.orders.map((o) => `${o.status}@${o.updatedAt}`);
  t.equal(after.filter((x, i) => x !== before[i]).length, 3);
  const detail = await post(`${emu.url}/api/youzan.trade.get/4.0.2?access_token=${token}`, { tid: 'E000' });
  t.match(detail, { success: false, code: 5000, message: 'trade not found' });
});

t.test('datong emulate credentials are what the config needs', async (t) => {
  const emu = await emulator(t);
  t.same(Object.keys(emu.credentials).sort(), ['baseUrl', 'clientId', 'clientSecret', 'grantId', 'webhookSecret']);
  const health = await (await fetch(`${emu.url}/_emulator/health`)).json();
  t.same(health, { ok: true, name: 'youzan' });
});

import t from 'tap';
import { ORDER_STATUSES, startEmulator, type RunningDouyinEmulator } from '../emulator/index.js';
import { douyinSign, gatewayTimestamp, paramJson } from '../src/index.js';

interface Answer {
  code: number;
  sub_code: string;
  data: Record<string, any>;
}

/** A signed call with the emulator's own clock in the timestamp. */
async function call(emu: RunningDouyinEmulator, method: string, params: Record<string, unknown>, token?: string): Promise<Answer> {
  const { appKey, appSecret } = emu.credentials;
  const timestamp = gatewayTimestamp(emu.kit.now());
  const json = paramJson(params);
  const url = new URL(`${emu.url}/${method.replace(/\./g, '/')}`);
  const query: Record<string, string> = {
    method, app_key: appKey, timestamp, v: '2', sign_method: 'hmac-sha256',
    sign: douyinSign({ appKey, method, paramJson: json, timestamp, v: '2' }, appSecret),
    ...(token === undefined ? {} : { access_token: token }),
  };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json });
  return (await response.json()) as Answer;
}

const HOUR = 3600_000;

t.test('token.refresh follows the documented rules', async (t) => {
  let clock = Date.now();
  const emu = await startEmulator({ orders: 5, now: () => clock });
  t.teardown(() => emu.close());
  const { accessToken, refreshToken } = emu.credentials;
  const search = (token: string) => call(emu, 'order.searchList', { update_time_start: Math.floor(clock / 1000) - 3600, page: 0, size: 1 }, token);
  const refresh = (token: string) => call(emu, 'token.refresh', { grant_type: 'refresh_token', refresh_token: token });

  const early = await refresh(refreshToken);
  t.equal(early.code, 10000);
  t.equal(early.data.access_token, accessToken, 'more than an hour before expiry: the same tokens');
  t.equal(early.data.refresh_token, refreshToken);

  clock += 7 * 24 * HOUR - 30 * 60_000;
  const late = await refresh(refreshToken);
  t.not(late.data.access_token, accessToken, 'in the last hour: new tokens');
  t.equal((await search(accessToken)).code, 10000, 'the old access token still works for a while');
  t.equal((await search(late.data.access_token as string)).code, 10000, 'the new one works');
  clock += 31 * 60_000;
  t.equal((await search(accessToken)).code, 30002, 'the old one expires on time');

  clock += 7 * 24 * HOUR;
  const expired = await refresh(late.data.refresh_token as string);
  t.equal(expired.code, 10000, 'after expiry a refresh still gives new tokens');
  t.equal((await search(late.data.access_token as string)).code, 30002, 'and the old ones are dead');
  t.equal((await refresh(late.data.refresh_token as string)).sub_code, 'isv.parameter-invalid:refresh_token', 'including the old refresh token');
  t.equal((await search(expired.data.access_token as string)).code, 10000);
  t.equal(expired.data.expires_in, 7 * 24 * 3600, 'access tokens live 7 days');
});

t.test('order.searchList enforces its documented limits inside HTTP 200', async (t) => {
  const emu = await startEmulator({ orders: 10 });
  t.teardown(() => emu.close());
  const token = emu.credentials.accessToken;
  const now = Math.floor(Date.now() / 1000);
  const sub = async (params: Record<string, unknown>) => (await call(emu, 'order.searchList', params, token)).sub_code;
  t.equal(await sub({ update_time_start: now - 3600, page: 0, size: 101 }), 'isv.parameter-invalid:20008', 'size over 100');
  t.equal(await sub({ update_time_start: now - 3600, page: -1, size: 10 }), 'isv.parameter-invalid:10035', 'page below 0');
  t.equal(await sub({ page: 0, size: 10 }), 'isv.parameter-invalid:20011', 'no start time');
  t.equal(await sub({ update_time_start: now - 3600, page: 0, size: 10, combine_status: [{ order_status: '2' }, { order_status: '3' }] }), 'isv.parameter-invalid:20012', 'two combine_status');
  t.equal(await sub({ update_time_start: now - 91 * 86_400, page: 0, size: 10 }), 'isv.parameter-invalid:20014', 'beyond the 90-day lookback');
  const few = await startEmulator({ orders: 10, maxResults: 4 });
  t.teardown(() => few.close());
  t.equal((await call(few, 'order.searchList', { update_time_start: now - 8 * 86_400, page: 0, size: 10 }, few.credentials.accessToken)).sub_code, 'isv.parameter-invalid:20013', 'more reachable than maxResults');
});

t.test('order.searchList sorts as documented and serves every order_status', async (t) => {
  const emu = await startEmulator({ orders: 14 });
  t.teardown(() => emu.close());
  const token = emu.credentials.accessToken;
  const start = Math.floor(Date.now() / 1000) - 8 * 86_400;
  const desc = await call(emu, 'order.searchList', { update_time_start: start, order_by: 'update_time', page: 0, size: 100 }, token);
  const times = (desc.data.shop_order_list as { update_time: number }[]).map((o) => o.update_time);
  t.same(times, [...times].sort((a, b) => b - a), 'newest first by default');
  const asc = await call(emu, 'order.searchList', { update_time_start: start, order_by: 'update_time', order_asc: true, page: 0, size: 100 }, token);
  const ascTimes = (asc.data.shop_order_list as { update_time: number }[]).map((o) => o.update_time);
  t.same(ascTimes, [...ascTimes].sort((a, b) => a - b), 'oldest first with order_asc');
  t.same(new Set(emu.store.orders.slice(0, 7).map((o) => o.order_status)), new Set(ORDER_STATUSES), 'the first seven orders hold every status');
  const wire = desc.data.shop_order_list[0] as Record<string, unknown>;
  t.type(wire.order_amount, 'number', 'amounts are integer fen');
  t.ok(Number.isInteger(wire.pay_amount));
});

t.test('the rate-limit fault answers the throttle envelope and bans for banSeconds', async (t) => {
  const emu = await startEmulator({ orders: 3, banSeconds: 60, faults: { rateLimitAfter: 0, rateLimitCalls: 1 } });
  t.teardown(() => emu.close());
  const params = { update_time_start: Math.floor(Date.now() / 1000) - 3600, page: 0, size: 1 };
  t.match(await call(emu, 'order.searchList', params, emu.credentials.accessToken), { code: 40300, sub_code: 'isv.flow-limit' });
  t.match(await call(emu, 'order.searchList', params, emu.credentials.accessToken), { code: 40300 }, 'still banned after the fault is spent');
});

t.test('the mutate control changes orders as buyers and sellers do', async (t) => {
  const emu = await startEmulator({ orders: 10 });
  t.teardown(() => emu.close());
  const before = new Map(emu.store.orders.map((o) => [o.order_id, o.update_time]));
  const response = await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: 3 }) });
  const summary = (await response.json()) as { ordersChanged: string[] };
  t.equal(summary.ordersChanged.length, 3);
  for (const id of summary.ordersChanged) {
    const order = emu.store.orders.find((o) => o.order_id === id)!;
    t.ok(order.update_time > before.get(id)!, `order ${id} has a later update_time`);
  }
  const health = await (await fetch(`${emu.url}/_emulator/health`)).json();
  t.same(health, { ok: true, name: 'douyin' });
  t.same(Object.keys(emu.credentials).sort(), ['accessToken', 'appKey', 'appSecret', 'baseUrl', 'refreshToken', 'shopId']);
});

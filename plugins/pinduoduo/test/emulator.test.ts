import t from 'tap';
import { AFTER_SALES_VALUES } from '../emulator/index.js';
import { pddSign } from '../src/index.js';
import { emulator } from './helpers/pdd.js';

type Emu = Awaited<ReturnType<typeof emulator>>;

/** A signed call straight to the emulator's router. */
async function call(emu: Emu, type: string, params: Record<string, string>, over: Record<string, string> = {}) {
  const form: Record<string, string> = {
    type, client_id: emu.credentials.clientId!, access_token: emu.credentials.accessToken!, timestamp: String(Math.floor(Date.now() / 1000)), data_type: 'JSON', ...params, ...over,
  };
  form.sign = pddSign(form, emu.credentials.clientSecret!);
  const response = await fetch(`${emu.url}/api/router`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: response.status, body: (await response.json()) as any };
}

const now = () => Math.floor(Date.now() / 1000);
const listing = (start: number, end: number, extra: Record<string, string> = {}) => ({ start_updated_at: String(start), end_updated_at: String(end), order_status: '5', refund_status: '5', page: '1', page_size: '100', ...extra });

t.test('the gateway enforces the window, the page size and the clock, inside HTTP 200', async (t) => {
  const emu = await emulator(t);
  const wide = await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 1801, now()));
  t.equal(wide.status, 200);
  t.match(wide.body, { error_response: { error_code: 10000, sub_msg: /30 分钟/ } }, 'a window over 30 minutes');
  const n = now();
  t.match((await call(emu, 'pdd.order.number.list.increment.get', listing(n - 1800, n))).body, { order_sn_increment_get_response: {} }, 'exactly 30 minutes is fine');
  t.match((await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 60, now(), { page_size: '101' }))).body, { error_response: { error_code: 10000, sub_msg: /page_size/ } });
  t.match((await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 60, now()), { timestamp: String(Date.now()) })).body, { error_response: { error_code: 10001 } }, 'a timestamp in ms');
  t.match((await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 60, now()), { timestamp: String(now() - 3600) })).body, { error_response: { error_code: 10001 } }, 'a clock an hour off');
  t.match((await call(emu, 'pdd.order.number.list.increment.get', { start_updated_at: String(now() - 60) })).body, { error_response: { error_code: 20007 } }, 'a missing parameter');
  t.match((await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 60, now()), { access_token: 'nope' })).body, { error_response: { error_code: 20032 } }, 'an unknown token');
  const get = await fetch(`${emu.url}/api/router?type=x`);
  t.match(await get.json(), { error_response: { error_code: 10002 } }, 'GET is refused');
  const lenient = await emulator(t, { acceptMillisecondTimestamps: true });
  t.match((await call(lenient, 'pdd.order.number.list.increment.get', listing(now() - 60, now()), { timestamp: String(Date.now()) })).body, { order_sn_increment_get_response: {} }, 'acceptMillisecondTimestamps lets ms through');
});

t.test('every documented status value is served, orders newest change first', async (t) => {
  const emu = await emulator(t);
  const seen: Record<string, Set<number>> = { order_status: new Set(), refund_status: new Set(), confirm_status: new Set(), group_status: new Set(), after_sales_status: new Set() };
  const start = Math.floor((Date.now() - 7 * 3_600_000) / 1000);
  for (let from = start; from < now(); from += 1800) {
    const { body } = await call(emu, 'pdd.order.number.list.increment.get', listing(from, Math.min(from + 1800, now())));
    const list = body.order_sn_increment_get_response.order_sn_list as Record<string, number | string>[];
    for (const order of list) for (const field of Object.keys(seen)) seen[field]!.add(Number(order[field]));
    const times = list.map((o) => String(o.updated_at));
    t.same(times, [...times].sort().reverse(), `window ${from}: sorted by updated_at, newest first`);
  }
  t.same([...seen.order_status!].sort(), [1, 2, 3]);
  t.same([...seen.refund_status!].sort(), [1, 2, 3, 4]);
  t.same([...seen.confirm_status!].sort(), [0, 1, 2]);
  t.same([...seen.group_status!].sort(), [0, 1, 2]);
  t.same([...seen.after_sales_status!].sort((a, b) => a - b), [...AFTER_SALES_VALUES]);
});

t.test('mutate over HTTP changes orders\' status and updated time', async (t) => {
  const emu = await emulator(t);
  const before = new Map(emu.store.orders.map((o) => [o.orderSn, `${o.updatedAt}/${o.order_status}/${o.after_sales_status}/${o.group_status}`]));
  const response = await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: 5 }) });
  const { changed } = (await response.json()) as { changed: string[] };
  t.ok(changed.length >= 5);
  for (const sn of changed) {
    const order = emu.store.orders.find((o) => o.orderSn === sn)!;
    t.not(`${order.updatedAt}/${order.order_status}/${order.after_sales_status}/${order.group_status}`, before.get(sn), `${sn} changed`);
    t.ok(order.updatedAt >= Date.now() - 10_000, `${sn}: updated just now`);
  }
});

t.test('the refresh grant answers pop_auth_token_refresh_response and rotates the refresh token', async (t) => {
  const emu = await emulator(t);
  const old = emu.credentials.refreshToken!;
  const { body } = await call(emu, 'pdd.pop.auth.token.refresh', { refresh_token: old }, { access_token: '' });
  t.match(body, { pop_auth_token_refresh_response: { access_token: String, refresh_token: String, expires_in: 86_400, owner_id: String } });
  t.not(body.pop_auth_token_refresh_response.refresh_token, old);
  t.match((await call(emu, 'pdd.pop.auth.token.refresh', { refresh_token: old }, { access_token: '' })).body, { error_response: { error_code: 10000 } }, 'the old refresh token is dead');
});

t.test('the rate-limit fault answers PDD\'s throttle', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 0 } });
  const { status, body } = await call(emu, 'pdd.order.number.list.increment.get', listing(now() - 60, now()));
  t.equal(status, 200);
  t.match(body, { error_response: { error_code: 70031, error_msg: '调用过于频繁，请调整调用频率' } });
});

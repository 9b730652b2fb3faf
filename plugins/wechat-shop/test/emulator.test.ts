import t from 'tap';
import { AFTERSALE_STATUSES, CHANNELS_ORDER_STATUSES, MINISHOP_ORDER_STATUSES, startEmulator } from '../emulator/index.js';
import { emulator } from './helpers/wechat.js';

type Answer = { errcode?: number; errmsg?: string; [k: string]: any };

async function session(t: { teardown(fn: () => unknown): void }, options: Parameters<typeof startEmulator>[0] = {}) {
  const emu = await emulator(t, options);
  const token = async (query = `grant_type=client_credential&appid=${emu.credentials.appId}&secret=${emu.credentials.appSecret}`): Promise<Answer> =>
    (await fetch(`${emu.url}/cgi-bin/token?${query}`)).json() as Promise<Answer>;
  const { access_token: accessToken } = await token();
  const post = async (path: string, body: unknown, tokenValue: string = accessToken): Promise<Answer> =>
    (await fetch(`${emu.url}${path}?access_token=${tokenValue}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Answer>;
  return { emu, token, post, accessToken };
}

const now = () => Math.floor(Date.now() / 1000);

t.test('/cgi-bin/token checks grant_type, appid and secret with WeChat errcodes in HTTP 200', async (t) => {
  const { emu, token } = await session(t);
  t.match(await token(`grant_type=password&appid=${emu.credentials.appId}&secret=${emu.credentials.appSecret}`), { errcode: 40002 });
  t.match(await token(`grant_type=client_credential&appid=wx0&secret=${emu.credentials.appSecret}`), { errcode: 40013 });
  t.match(await token(`grant_type=client_credential&appid=${emu.credentials.appId}&secret=nope`), { errcode: 40125, errmsg: /invalid appsecret rid: / });
  t.match(await token(`grant_type=client_credential&appid=${emu.credentials.appId}`), { errcode: 41004 });
  t.match(await token(), { access_token: /^88_/, expires_in: 7200 });
  t.equal(emu.tokens.requests, 2, 'it counts the tokens it issued');
  const logged = emu.kit.requests.find((r) => r.path === '/cgi-bin/token');
  t.equal(logged?.query.secret, '[present]', 'the log masks the secret');
});

t.test('API calls need a live access_token', async (t) => {
  const { post } = await session(t);
  const body = { update_time_range: { start_time: now() - 60, end_time: now() } };
  t.match(await post('/channels/ec/order/list/get', body, ''), { errcode: 41001 });
  t.match(await post('/channels/ec/order/list/get', body, 'made-up'), { errcode: 40001 });
  t.match(await post('/channels/ec/order/list/get', body), { errcode: 0 });
});

t.test('order/list/get enforces its ranges and page size, answers ids only, newest first', async (t) => {
  const { emu, post } = await session(t, { orders: 30, days: 6 });
  t.match(await post('/channels/ec/order/list/get', { page_size: 10 }), { errcode: 40097 }, 'a range is required');
  t.match(await post('/channels/ec/order/list/get', { update_time_range: { start_time: now() - 7 * 86_400 - 1, end_time: now() } }), { errcode: 40097 }, 'over 7 days');
  t.match(await post('/channels/ec/order/list/get', { update_time_range: { start_time: now() - 3600, end_time: now() }, page_size: 101 }), { errcode: 40097 }, 'page_size over 100');
  const ids: string[] = [];
  let next_key: string | undefined;
  let pages = 0;
  do {
    const page = await post('/channels/ec/order/list/get', { update_time_range: { start_time: now() - 7 * 86_400, end_time: now() }, page_size: 7, ...(next_key ? { next_key } : {}) });
    t.same(Object.keys(page).sort(), ['errcode', 'errmsg', 'has_more', 'next_key', 'order_id_list']);
    ids.push(...page.order_id_list);
    next_key = page.has_more ? page.next_key : undefined;
    pages++;
  } while (next_key);
  t.equal(pages, 5);
  t.equal(ids.length, 30);
  const times = ids.map((id) => emu.store.order(id)!.updateTime);
  t.same(times, [...times].sort((a, b) => b - a), 'sorted by update_time, newest first');
  const detail = await post('/channels/ec/order/get', { order_id: ids[0] });
  t.match(detail.order, { order_id: ids[0], openid: /^o/, order_detail: { price_info: { order_price: Number }, delivery_info: { address_info: { tel_number: /^\d{3}\*{4}\d{4}$/, detail_info: '****' } } } });
  t.match(await post('/channels/ec/order/get', { order_id: 'nope' }), { errcode: 100002 });
});

t.test('every documented status is served; minishop mode adds 1010', async (t) => {
  const channels = await startEmulator({ orders: 12 });
  const minishop = await startEmulator({ orders: 12, api: 'minishop' });
  t.teardown(() => Promise.all([channels.close(), minishop.close()]));
  t.same([...new Set(channels.store.orders.map((o) => o.status))].sort((a, b) => a - b), [...CHANNELS_ORDER_STATUSES]);
  t.same([...new Set(minishop.store.orders.map((o) => o.status))].sort((a, b) => a - b), [...MINISHOP_ORDER_STATUSES]);
  t.same([...new Set(channels.store.aftersales.map((a) => a.status))].sort(), [...AFTERSALE_STATUSES].sort(), 'and every after-sale status');
  const latest = Math.max(...channels.store.orders.map((o) => o.updateTime));
  t.ok(latest <= now() - 119, 'seeded orders were last updated at least two minutes ago');
});

t.test('getaftersalelist refuses a window over 24 hours with 10020004', async (t) => {
  const { post } = await session(t);
  t.match(await post('/channels/ec/aftersale/getaftersalelist', { begin_update_time: now() - 86_401, end_update_time: now() }), { errcode: 10020004 });
  t.match(await post('/channels/ec/aftersale/getaftersalelist', { begin_update_time: now() - 86_400, end_update_time: now() }), { errcode: 0, after_sale_order_id_list: Array });
});

t.test('the mini-program shop: text times, both pairs find nothing, total_num', async (t) => {
  const { post } = await session(t, { api: 'minishop', orders: 15, days: 3 });
  const text = (s: number) => new Date((s + 8 * 3600) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const page = await post('/product/order/get_list', { start_update_time: text(now() - 4 * 86_400), end_update_time: text(now()), page: 1, page_size: 10 });
  t.equal(page.total_num, 15);
  t.equal(page.orders.length, 10);
  t.match(page.orders[0], { order_id: Number, create_time: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/ });
  const both = await post('/product/order/get_list', { start_update_time: text(now() - 86_400), end_update_time: text(now()), start_create_time: text(now() - 86_400), end_create_time: text(now()), page: 1, page_size: 10 });
  t.match(both, { errcode: 0, orders: [], total_num: 0 });
});

t.test('mutate over HTTP moves orders along and stamps them now', async (t) => {
  const { emu } = await session(t);
  const before = new Map(emu.store.orders.map((o) => [o.orderId, o.updateTime]));
  const summary = (await (await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 4, aftersales: 2 }) })).json()) as { orders: string[]; added: string[]; aftersales: string[] };
  t.equal(summary.orders.length, 4);
  t.equal(summary.added.length, 1, 'a new order too');
  t.equal(summary.aftersales.length, 2);
  for (const id of summary.orders) t.ok(emu.store.order(id)!.updateTime > before.get(id)!, `${id} has a new update_time`);
  const state = (await (await fetch(`${emu.url}/_emulator/state`, { method: 'POST' })).json()) as { tokenRequests: number };
  t.equal(state.tokenRequests, 1);
});

t.test('the rate-limit fault answers errcode 45011 in an HTTP 200', async (t) => {
  const { emu, post } = await session(t, { faults: { rateLimitAfter: 0 } });
  const answer = await post('/channels/ec/order/get', { order_id: emu.store.orders[0]!.orderId });
  t.match(answer, { errcode: 45011, errmsg: /minute-quota/ });
});

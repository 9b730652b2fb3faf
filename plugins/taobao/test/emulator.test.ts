import t from 'tap';
import { TRADE_STATUSES, type RunningTaobaoEmulator } from '../emulator/index.js';
import { formatTopTime, topSignature } from '../src/index.js';
import { emulator } from './helpers/taobao.js';

const DAY = 86_400_000;

/** One signed gateway call, the way the official SDKs send it; `system` overrides system parameters. */
async function call(emu: RunningTaobaoEmulator, method: string, business: Record<string, string>, system: Record<string, string> = {}): Promise<any> {
  const sys: Record<string, string> = {
    method, app_key: emu.credentials.appKey!, session: emu.credentials.session!, timestamp: formatTopTime(Date.now()), format: 'json', v: '2.0', sign_method: 'hmac', ...system,
  };
  sys.sign ??= topSignature({ ...business, ...sys }, emu.credentials.appSecret!, sys.sign_method as 'hmac');
  const response = await fetch(`${emu.url}/router/rest?${new URLSearchParams(sys)}`, { method: 'POST', body: new URLSearchParams(business) });
  t.equal(response.status, 200, 'TOP answers HTTP 200, errors included');
  return response.json();
}

const window = (from: number, to: number, extra: Record<string, string> = {}) => ({
  fields: 'tid,status,modified', start_modified: formatTopTime(from), end_modified: formatTopTime(to), ...extra,
});

t.test('the seeded trades carry every trade status, pre-sale and refunds among them', async (t) => {
  const emu = await emulator(t, { orders: 120 });
  const statuses = new Set(emu.store.trades.map((trade) => trade.status));
  t.same(TRADE_STATUSES.filter((s) => !statuses.has(s)), [], 'all 12 statuses');
  t.ok(emu.store.trades.some((trade) => trade.stepTradeStatus === 'FRONT_PAID_FINAL_NOPAID'), 'a pre-sale trade with its deposit paid');
  const refundStatuses = new Set(emu.store.refunds.map((r) => r.status));
  for (const s of ['SUCCESS', 'WAIT_SELLER_AGREE', 'SELLER_REFUSE_BUYER']) t.ok(refundStatuses.has(s), `a refund ${s}`);
  const now = Date.now();
  t.ok(emu.store.trades.every((trade) => trade.modified <= now && trade.created >= now - 3 * DAY - 1000), 'recent: within the last three days');
});

t.test('increment.get sorts by modified descending and pages with total_results', async (t) => {
  const emu = await emulator(t, { orders: 30 });
  const answer = await call(emu, 'taobao.trades.sold.increment.get', window(Date.now() - DAY, Date.now(), { page_size: '100' }));
  const body = answer.trades_sold_increment_get_response;
  const modified: string[] = body.trades.trade.map((trade: { modified: string }) => trade.modified);
  t.same(modified, [...modified].sort().reverse(), 'newest first');
  t.equal(body.total_results, modified.length);
  t.ok(body.request_id);
  const hasNext = await call(emu, 'taobao.trades.sold.increment.get', window(Date.now() - 3 * DAY, Date.now() - 2 * DAY - 1, { page_size: '1', use_has_next: 'true' }));
  t.notOk('total_results' in hasNext.trades_sold_increment_get_response, 'use_has_next=true answers has_next instead of total_results');
});

t.test('windows over a day and page sizes over 100 are refused inside HTTP 200', async (t) => {
  const emu = await emulator(t, { orders: 3 });
  t.match(await call(emu, 'taobao.trades.sold.increment.get', window(Date.now() - DAY - 1000, Date.now())), { error_response: { code: 15, sub_code: 'isv.invalid-parameter' } });
  t.match(await call(emu, 'taobao.trades.sold.increment.get', window(Date.now() - 1000, Date.now(), { page_size: '101' })), { error_response: { code: 15, sub_msg: /page_size/ } });
});

t.test('timestamps, app keys, sessions and signatures are checked', async (t) => {
  const emu = await emulator(t, { orders: 3 });
  const args = window(Date.now() - 1000, Date.now());
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { timestamp: formatTopTime(Date.now() - 11 * 60_000) }), { error_response: { code: 31 } }, '11 minutes off');
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { timestamp: new Date().toISOString() }), { error_response: { code: 31 } }, 'not GMT+8 text');
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { app_key: '999' }), { error_response: { code: 29 } });
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { session: 'nope' }), { error_response: { code: 27, msg: 'Invalid session' } });
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { sign_method: 'sha1' }), { error_response: { code: 25 } });
  for (const signMethod of ['md5', 'hmac', 'hmac-sha256']) {
    t.match(await call(emu, 'taobao.trades.sold.increment.get', args, { sign_method: signMethod }), { trades_sold_increment_get_response: {} }, `${signMethod} verified`);
  }
});

t.test('a ban refuses every call until its seconds have run', async (t) => {
  const emu = await emulator(t, { orders: 3, banSeconds: 2, faults: { rateLimitAfter: 0, rateLimitCalls: 1 } });
  const args = window(Date.now() - 1000, Date.now());
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args), { error_response: { code: 7, sub_code: 'accesscontrol.limited-by-app-access-count', sub_msg: 'This ban will last for 2 more seconds' } });
  t.match(await call(emu, 'taobao.trades.sold.increment.get', args), { error_response: { code: 7, sub_msg: /last for [12] more seconds/ } }, 'still banned');
});

t.test('fullinfo.get gives the whole trade, masked; oaid.decrypt takes at most 20', async (t) => {
  const emu = await emulator(t, { orders: 3 });
  const trade = emu.store.trades[0]!;
  const answer = await call(emu, 'taobao.trade.fullinfo.get', { tid: String(trade.tid), fields: 'tid,tid_str,status,receiver_name,orders,oaid' });
  t.match(answer.trade_fullinfo_get_response.trade, { tid: trade.tid, tid_str: String(trade.tid), status: trade.status, receiver_name: /\*\*$/, orders: { order: Array } });
  const list = JSON.stringify(Array.from({ length: 21 }, () => ({ tid: String(trade.tid), oaid: trade.oaid, scene: '2002' })));
  t.match(await call(emu, 'taobao.top.oaid.decrypt', { query_list: list }), { error_response: { sub_code: 'isv.invalid-parameter' } });
  const one = await call(emu, 'taobao.top.oaid.decrypt', { query_list: JSON.stringify([{ tid: String(trade.tid), oaid: trade.oaid, scene: '2002' }]) });
  t.match(one.top_oaid_decrypt_response.receiver_list.receiver[0], { name: trade.receiver.name, matched: true });
});

t.test('mutate changes trades as buyers and sellers do; /token rotates refresh tokens', async (t) => {
  const emu = await emulator(t, { orders: 20 });
  const before = new Map(emu.store.trades.map((trade) => [trade.tid, `${trade.status}@${trade.modified}`]));
  const changed = (await (await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"orders":4}' })).json()) as { tids: number[] };
  t.equal(changed.tids.length, 4);
  for (const tid of changed.tids) t.not(`${emu.store.find(tid)!.status}@${emu.store.find(tid)!.modified}`, before.get(tid));
  const refresh = (token: string) => fetch(`${emu.url}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.credentials.appKey!, client_secret: emu.credentials.appSecret!, refresh_token: token }),
  });
  const first = await refresh(emu.credentials.refreshToken!);
  const token = (await first.json()) as { access_token: string };
  t.match(token, { access_token: /^6100/, refresh_token: /^6102/, token_type: 'Bearer', expires_in: Number });
  t.equal((await refresh(emu.credentials.refreshToken!)).status, 400, 'the old refresh token died');
  t.match(await call(emu, 'taobao.trades.sold.increment.get', window(Date.now() - 1000, Date.now()), { session: token.access_token }), { trades_sold_increment_get_response: {} }, 'the new session works');
});

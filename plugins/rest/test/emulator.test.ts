import { SeedData } from '@datong/sdk/emulator';
import { SeededRandom } from '@datong/sdk';
import t from 'tap';
import { AUTH_KINDS, ORDER_STATES, REFUND_STATES, memberIdOf, startEmulator, restEmulator } from '../emulator/index.js';
import { emulator } from './helpers/rest.js';

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
};

t.test('seeded orders serve every state and refund state, times recent, in CST', async (t) => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  const emu = await emulator(t, { now, orders: 20 });
  t.same([...new Set(emu.store.orders.map((o) => o.state))].sort(), [...ORDER_STATES].sort());
  t.same([...new Set(emu.store.orders.map((o) => o.refund_state))].sort(), [...REFUND_STATES].sort());
  for (const o of emu.store.orders) {
    t.match(o.modified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const at = Date.parse(o.modified_at);
    if (!(at <= now && at >= now - 31 * 86_400_000)) t.fail(`${o.order_no} modified ${o.modified_at}, outside the last 30 days`);
    t.match(o.grand_total, /^\d+\.\d\d$/);
  }
  t.equal(emu.store.orders.length, 20);
});

t.test('buyers shop here first: the first orders are theirs, with member ids derived from them', async (t) => {
  const people = new SeedData(new SeededRandom(5));
  const buyers = [people.person('zh'), people.person('en')];
  const emu = await emulator(t, { buyers });
  const again = await emulator(t, { buyers, seed: 9 });
  for (const [i, buyer] of buyers.entries()) {
    const id = memberIdOf(buyer, 'datong-own-store');
    t.equal(emu.store.orders[i]!.member_id, id, `order ${i} belongs to buyer ${i}`);
    t.equal(again.store.orders[i]!.member_id, id, 'the same person has the same member id in another seed');
    t.ok(emu.store.members.some((m) => m.member_id === id && m.email === buyer.email), 'and is a member');
  }
  t.equal(emu.store.orders[0]!.buyer.mobile, buyers[0]!.phone.slice(3), 'mainland mobiles without +86, as the store keeps them');
});

t.test('listings: auth, filter, sort, page size, Date header', async (t) => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const emu = await emulator(t, { now, orders: 30 });
  const auth = { authorization: `Bearer ${emu.credentials.token}` };
  t.equal((await get(`${emu.url}/api/v2/orders`)).status, 401, 'no token: 401');
  t.same((await get(`${emu.url}/api/v2/orders`, { authorization: 'Bearer nope' })).body, { code: 40100, message: 'invalid access token' });
  const page = await get(`${emu.url}/api/v2/orders?page=2&per_page=10`, auth);
  t.equal(page.status, 200);
  t.same(page.body.data.items.map((o: { order_no: string }) => o.order_no), emu.store.orders.slice(10, 20).map((o) => o.order_no), 'sorted by order_no');
  t.equal(page.body.data.total, 30);
  t.equal(page.headers.get('date'), new Date(now).toUTCString(), 'the Date header is the store\'s clock');
  const since = emu.store.orders.map((o) => o.modified_at).sort()[20]!;
  const filtered = await get(`${emu.url}/api/v2/orders?per_page=100&updated_since=${encodeURIComponent(since)}`, auth);
  t.ok(filtered.body.data.items.every((o: { modified_at: string }) => Date.parse(o.modified_at) >= Date.parse(since)), 'updated_since keeps modified_at >= it');
  t.equal(filtered.body.data.items.length, emu.store.orders.filter((o) => Date.parse(o.modified_at) >= Date.parse(since)).length);
  t.same((await get(`${emu.url}/api/v2/orders?per_page=101`, auth)).body, { code: 40001, message: 'per_page must be an integer from 1 to 100' });
  t.same((await get(`${emu.url}/api/v2/orders?updated_since=yesterday`, auth)).body, { code: 40002, message: 'updated_since must be an ISO 8601 date-time' });
});

t.test('every paging style pages to the end', async (t) => {
  const emu = await emulator(t, { auth: 'none', orders: 12, pagination: { orders: 'link', members: 'nextUrl' }, members: 12 });
  const first = await fetch(`${emu.url}/api/v2/orders?per_page=5`);
  t.match(first.headers.get('link') ?? '', /<http:\/\/127\.0\.0\.1:\d+\/api\/v2\/orders\?per_page=5&page=2>; rel="next", <.*page=3>; rel="last"/);
  const last = await fetch(`${emu.url}/api/v2/orders?per_page=5&page=3`);
  t.equal(last.headers.get('link'), null, 'no next link on the last page');
  t.equal(((await last.json()) as unknown[]).length, 2);
  const members = await get(`${emu.url}/api/v2/members?limit=10`);
  t.match(members.body.links.next, /^\/api\/v2\/members\?limit=10&page_token=/);
  const rest = await get(`${emu.url}${members.body.links.next as string}`);
  t.equal(rest.body.data.items.length, 2);
  t.equal(rest.body.links.next, null);
});

t.test('each auth kind hands out its credentials and refuses wrong ones with the store\'s codes', async (t) => {
  const expected: Record<string, string[]> = { none: [], bearer: ['token'], basic: ['username', 'password'], apiKey: ['apiKeyName', 'apiKey'], apiKeyQuery: ['apiKeyName', 'apiKey'], hmac: ['keyId', 'hmacSecret'] };
  for (const kind of AUTH_KINDS) {
    const emu = await startEmulator({ auth: kind, orders: 3, members: 3 });
    t.same(Object.keys(emu.credentials).sort(), expected[kind]!.sort(), `${kind}: credentials`);
    const bare = await get(`${emu.url}/api/v2/orders`);
    t.equal(bare.status, kind === 'none' ? 200 : 401, `${kind}: a bare request`);
    if (kind === 'basic') {
      const wrong = Buffer.from('datong-sync:nope').toString('base64');
      t.same((await get(`${emu.url}/api/v2/orders`, { authorization: `Basic ${wrong}` })).body, { code: 40100, message: 'invalid user name or password' });
    }
    if (kind === 'apiKey') t.same((await get(`${emu.url}/api/v2/orders`, { 'x-api-key': 'nope' })).body, { code: 40102, message: 'invalid api key' });
    if (kind === 'apiKeyQuery') t.equal((await get(`${emu.url}/api/v2/orders?api_key=${emu.credentials.apiKey}`)).status, 200);
    if (kind === 'hmac') t.same(bare.body, { code: 40103, message: 'missing X-Signature header' });
    await emu.close();
  }
});

t.test('controls: mutate and set-state over HTTP, the request log masks credentials', async (t) => {
  const emu = await emulator(t, { auth: 'apiKeyQuery' });
  const before = emu.store.orders.length;
  const response = await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 3, members: 2 }) });
  const summary = (await response.json()) as { orders: string[]; members: string[]; added: string[] };
  t.equal(summary.orders.length, 3);
  t.equal(summary.members.length, 2);
  t.equal(summary.added.length, 1, 'one new order placed');
  t.equal(emu.store.orders.length, before + 1);
  const set = await fetch(`${emu.url}/_emulator/set-state`, { method: 'POST', body: JSON.stringify({ order_no: 'SO00000001', state: 'weird' }) });
  t.equal(((await set.json()) as { state: string }).state, 'weird');
  await fetch(`${emu.url}/api/v2/orders?api_key=${emu.credentials.apiKey}`);
  t.equal(emu.kit.requests.at(-1)!.query.api_key, '[present]');
  t.equal(restEmulator.platform, 'rest');
});

t.test('a changed record always gets a later modified_at', async (t) => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  const emu = await emulator(t, { now });
  const a = emu.store.setState({ order_no: 'SO00000002', state: 'paid' }).modified_at;
  const b = emu.store.setState({ order_no: 'SO00000002', state: 'shipped' }).modified_at;
  t.ok(Date.parse(b) > Date.parse(a), `${b} after ${a}`);
  t.throws(() => emu.store.setState({ order_no: 'SO99999999' }), /no order SO99999999/);
  await t.rejects(startEmulator({ pagination: 'pages' as never }), /unknown pagination style "pages"/);
});

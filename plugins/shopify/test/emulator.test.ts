import t from 'tap';
import { FINANCIAL_STATUSES, FULFILLMENT_STATUSES } from '../emulator/index.js';
import { emulator } from './helpers/shopify.js';

type Emu = Awaited<ReturnType<typeof emulator>>;
interface Answer {
  status: number;
  body: { data?: any; errors?: any; extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } } } };
}

async function gql(emu: Emu, query: string, variables: Record<string, unknown> = {}, token = emu.credentials.accessToken!): Promise<Answer> {
  const response = await fetch(`${emu.url}/admin/api/2025-01/graphql.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

t.test('the seeded shop holds every status value, cancellations, closings and both kinds of buyer', async (t) => {
  const emu = await emulator(t);
  const { orders, customers } = emu.store;
  t.equal(orders.length, 200);
  t.equal(customers.length, 60);
  for (const status of FINANCIAL_STATUSES) t.ok(orders.some((o) => o.financialStatus === status), `financial ${status}`);
  for (const status of FULFILLMENT_STATUSES) t.ok(orders.some((o) => o.fulfillmentStatus === status), `fulfillment ${status}`);
  t.ok(orders.some((o) => o.cancelledAt !== null && o.cancelReason !== null), 'some cancelled');
  t.ok(orders.some((o) => o.closedAt !== null && o.cancelledAt === null), 'some closed');
  t.ok(orders.some((o) => o.refunds.length > 5), 'one with more refunds than a page asks for');
  t.ok(orders.some((o) => o.lineItems.length > 10), 'one with more line items than a page asks for');
  t.ok(customers.some((c) => c.locale === 'zh-CN' && /^\+86/.test(c.phone ?? '+86')), 'Chinese buyers');
  t.ok(customers.some((c) => c.locale === 'en'), 'English-speaking buyers');
  const now = Date.now();
  t.ok(orders.every((o) => o.createdAt >= now - 91 * 86_400_000 && o.updatedAt <= now && o.updatedAt >= o.createdAt), 'times within the last 90 days');
});

t.test('every answer carries extensions.cost, by the documented rules', async (t) => {
  const emu = await emulator(t, { orders: 12 });
  const shop = await gql(emu, '{ shop { name } }');
  t.equal(shop.body.data.shop.name, 'Datong Demo 大通演示店');
  t.equal(shop.body.extensions?.cost.requestedQueryCost, 1, 'an object costs 1');
  const ids = await gql(emu, '{ orders(first: 10) { nodes { id } } }');
  t.equal(ids.body.extensions?.cost.requestedQueryCost, 12, 'a connection costs 2 plus first');
  const nested = await gql(emu, '{ orders(first: 5) { edges { cursor node { id lineItems(first: 3) { nodes { id title } } } } } }');
  t.equal(nested.body.extensions?.cost.requestedQueryCost, 2 + 5 * (1 + 2 + 3), 'nested connections multiply');
  const actual = nested.body.data.orders.edges.reduce((sum: number, e: any) => sum + 1 + 2 + e.node.lineItems.nodes.length, 2);
  t.equal(nested.body.extensions?.cost.actualQueryCost, actual, 'the actual cost counts what came back');
  const status = nested.body.extensions!.cost.throttleStatus;
  t.same(Object.keys(status).sort(), ['currentlyAvailable', 'maximumAvailable', 'restoreRate']);
  t.equal(status.maximumAvailable, 1000);
});

t.test('connection arguments and the single-query cap are enforced', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  const none = await gql(emu, '{ orders { nodes { id } } }');
  t.match(none.body.errors?.[0]?.message, 'you must provide one of first or last');
  const tooMany = await gql(emu, '{ orders(first: 251) { nodes { id } } }');
  t.match(tooMany.body.errors?.[0]?.message, /less than or equal to 250/);
  const costly = await gql(emu, '{ orders(first: 250) { nodes { id lineItems(first: 250) { nodes { id } } } } }');
  t.equal(costly.body.errors?.[0]?.extensions?.code, 'MAX_COST_EXCEEDED');
  t.equal(costly.body.data, undefined, 'no data');
  t.equal(costly.body.extensions?.cost.actualQueryCost, null);
});

for (const throttleHttpStatus of [200, 429]) {
  t.test(`a query the bucket cannot pay for is THROTTLED (HTTP ${throttleHttpStatus})`, async (t) => {
    const emu = await emulator(t, { orders: 40, maximumAvailable: 60, restoreRate: 1, throttleHttpStatus });
    const query = '{ orders(first: 40) { nodes { id } } }';
    t.equal((await gql(emu, query)).status, 200, 'the first fits');
    const second = await gql(emu, query);
    t.equal(second.status, throttleHttpStatus);
    t.equal(second.body.errors?.[0]?.extensions?.code, 'THROTTLED');
    t.equal(second.body.errors?.[0]?.message, 'Throttled');
    t.equal(second.body.data, undefined, 'no data');
    t.equal(second.body.extensions?.cost.requestedQueryCost, 42);
    t.equal(second.body.extensions?.cost.actualQueryCost, null);
    t.ok(second.body.extensions!.cost.throttleStatus.currentlyAvailable < 42, 'the bucket holds less than asked');
  });
}

t.test('a bad access token gets Shopify\'s 401', async (t) => {
  const emu = await emulator(t, { orders: 1 });
  const answer = await gql(emu, '{ shop { name } }', {}, 'shpat_wrong');
  t.equal(answer.status, 401);
  t.same(answer.body, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
});

t.test('search syntax: updated_at comparisons, quoted or not, and the UPDATED_AT sort', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const sorted = [...emu.store.orders].sort((a, b) => a.updatedAt - b.updatedAt || a.id - b.id);
  const pivot = sorted[30]!.updatedAt;
  const at = new Date(pivot).toISOString().replace('.000Z', 'Z');
  const count = async (query: string) => {
    const answer = await gql(emu, 'query($q: String) { orders(first: 250, sortKey: UPDATED_AT, query: $q) { nodes { updatedAt } } }', { q: query });
    const times = answer.body.data.orders.nodes.map((n: { updatedAt: string }) => Date.parse(n.updatedAt));
    t.same(times, [...times].sort((a: number, b: number) => a - b), `${query}: oldest first`);
    return times.length;
  };
  const n = (pred: (ms: number) => boolean) => emu.store.orders.filter((o) => pred(o.updatedAt)).length;
  t.equal(await count(`updated_at:>'${at}'`), n((ms) => ms > pivot));
  t.equal(await count(`updated_at:>="${at}"`), n((ms) => ms >= pivot));
  t.equal(await count(`updated_at:<${at}`), n((ms) => ms < pivot));
  t.equal(await count(`updated_at:<=${at}`), n((ms) => ms <= pivot));
  t.equal(await count(`updated_at:>='${at}' updated_at:<='${at}'`), n((ms) => ms === pivot), 'terms AND together');
  const reversed = await gql(emu, '{ orders(first: 3, sortKey: UPDATED_AT, reverse: true) { nodes { updatedAt } } }');
  t.equal(Date.parse(reversed.body.data.orders.nodes[0].updatedAt), sorted[sorted.length - 1]!.updatedAt, 'reverse: newest first');
});

t.test('customers match updated_at by whole days', async (t) => {
  const emu = await emulator(t, { customers: 40 });
  const some = emu.store.customers[7]!;
  const day = new Date(some.updatedAt).toISOString().slice(0, 10);
  const answer = await gql(emu, 'query($q: String) { customers(first: 250, query: $q) { nodes { updatedAt } } }', { q: `updated_at:>='${day}T23:59:59Z'` });
  const days = answer.body.data.customers.nodes.map((n: { updatedAt: string }) => n.updatedAt.slice(0, 10));
  t.ok(days.includes(day), 'a customer updated earlier that day still matches');
  t.ok(days.every((d: string) => d >= day));
});

t.test('cursors are opaque and page through everything once', async (t) => {
  const emu = await emulator(t, { customers: 23 });
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const answer: Answer = await gql(emu, 'query($after: String) { customers(first: 5, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } }', { after });
    const { pageInfo, nodes } = answer.body.data.customers;
    seen.push(...nodes.map((n: { id: string }) => n.id));
    t.notMatch(pageInfo.endCursor ?? '', /Customer|^\d+$/, 'the cursor is not an id');
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  t.equal(seen.length, 23);
  t.equal(new Set(seen).size, 23);
  const bad = await gql(emu, '{ customers(first: 5, after: "not-a-cursor") { nodes { id } } }');
  t.ok(bad.body.errors?.length, 'a cursor the emulator did not issue is an error');
});

t.test('the token endpoint rotates refresh tokens; the old one lives until the new one is used', async (t) => {
  const emu = await emulator(t, { orders: 1 });
  const { clientId = '', clientSecret = '', refreshToken = '' } = emu.credentials;
  const asForm = (token: string) => fetch(`${emu.url}/admin/oauth/access_token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: token }).toString(),
  });
  const asJson = (token: string) => fetch(`${emu.url}/admin/oauth/access_token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: token }),
  });
  const first = (await (await asForm(refreshToken)).json()) as { access_token: string; refresh_token: string; expires_in: number };
  t.equal(first.expires_in, 3600);
  t.not(first.refresh_token, refreshToken, 'a new refresh token');
  t.equal((await gql(emu, '{ shop { name } }', {}, first.access_token)).status, 200, 'the new access token works');
  t.equal((await asJson(refreshToken)).status, 200, 'the old refresh token still works while its replacement is unused (JSON body)');
  const second = (await (await asJson(first.refresh_token)).json()) as { refresh_token: string };
  t.ok(second.refresh_token, 'the replacement works');
  const retired = await asForm(refreshToken);
  t.equal(retired.status, 400);
  t.match(await retired.json(), { error: 'invalid_grant' }, 'the old one is retired once its replacement was used');
  const badClient = await fetch(`${emu.url}/admin/oauth/access_token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'refresh_token', client_id: clientId, client_secret: 'wrong', refresh_token: second.refresh_token }),
  });
  t.equal(badClient.status, 401);
});

t.test('control actions: mutate and state', async (t) => {
  const emu = await emulator(t, { customers: 10, orders: 10 });
  const before = Math.max(...emu.store.orders.map((o) => o.updatedAt));
  const response = await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: 4, customers: 2 }) });
  const summary = (await response.json()) as { ordersChanged: number[]; ordersAdded: number[]; customersChanged: number[]; customersAdded: number[] };
  t.equal(summary.ordersChanged.length, 4);
  t.equal(summary.ordersAdded.length, 2);
  t.equal(summary.customersChanged.length, 2);
  for (const id of summary.ordersChanged) t.ok(emu.store.order(id)!.updatedAt >= before, `order ${id} stamped now`);
  const state = (await (await fetch(`${emu.url}/_emulator/state`, { method: 'POST' })).json()) as { orders: number; customers: number };
  t.same({ orders: state.orders, customers: state.customers }, { orders: 12, customers: 11 });
});

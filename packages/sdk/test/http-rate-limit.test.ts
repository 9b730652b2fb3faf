import t from 'tap';
import { UpstreamError, type HttpResponse, type ResponseVerdict } from '../src/index.js';
import { capturingContext, sendJson, startServer } from './http-test-server.js';

t.test('a 429 storm: every request succeeds, and the paused credential sends nothing during the pause', async (t) => {
  const pauseMs = 500;
  let blockedUntil = 0;
  let tooMany = 0;
  const server = await startServer((req, res) => {
    const n = server.seen.length;
    if (req.at < blockedUntil || n === 3 || n === 12) {
      if (req.at >= blockedUntil) blockedUntil = req.at + pauseMs;
      tooMany++;
      sendJson(res, 429, { errors: 'Exceeded 2 calls per second for api client.' }, { 'retry-after': '0.5' });
      return;
    }
    sendJson(res, 200, { n });
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  // One token every 20 ms: requests go out one by one, so a pause can hold back those not yet sent.
  const limiter = ctx.rateLimiter('acme:shop-1', { capacity: 1, refillPerSecond: 50 });
  // Client and server share this process's clock: the client stamps each request as it leaves and
  // notes when it read each 429, so the check does not depend on how loaded the machine is.
  const seen429: number[] = [];
  const api = ctx.http({
    baseUrl: server.url,
    platform: 'shopify',
    limiter,
    minDelayMs: 1,
    maxDelayMs: 5,
    auth: { apply: async ({ headers }) => void (headers['x-sent-at'] = String(Date.now())) },
    observe: (r) => void (r.status === 429 && seen429.push(Date.now())),
  });
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => api.request({ path: `/orders/${i}.json` })));
  t.equal(results.length, 20);
  t.ok(results.every((r) => r.status === 200), 'all 20 succeeded');
  t.ok(tooMany >= 2, 'there was a storm');
  t.equal(seen429.length, tooMany, 'the client read every 429');
  const sentDuringPause = server.seen.filter((r) => {
    const sent = Number(r.headers['x-sent-at']);
    // 2 ms of slack: timers may fire a hair before the wall clock says the pause is over.
    return seen429.some((at) => sent > at && sent < at + pauseMs - 2);
  });
  t.same(sentDuringPause.map((r) => r.url), [], 'nothing was sent while the credential was paused');
  t.equal(server.seen.length, 20 + tooMany, 'each 429 was retried once, after the pause');
  const warnings = lines.filter((l) => l.startsWith('warn'));
  t.equal(warnings.length, tooMany, 'one warning per retried 429');
  t.match(warnings[0], /shopify: answered 429; retry 1 of 6 in 0\.50 s/);
  t.equal(ctx.rateLimiter('acme:shop-1', { capacity: 99, refillPerSecond: 99 }), limiter, 'the bucket is shared per credential id');
});

const throttled = { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 3, restoreRate: 50 } } } };

function shopifyClassify(response: HttpResponse): ResponseVerdict | undefined {
  const body = response.json<{ errors?: { extensions?: { code?: string } }[] }>();
  if (body.errors?.[0]?.extensions?.code === 'THROTTLED') return { retry: true, reason: 'throttled (THROTTLED)', afterMs: 20, pauseLimiter: true };
  return undefined;
}

t.test('classify: a throttle inside an HTTP 200 body is retried, and feeds the limiter', async (t) => {
  const server = await startServer((_req, res) => {
    if (server.seen.length <= 2) sendJson(res, 200, throttled);
    else sendJson(res, 200, { data: { orders: { nodes: [] } } });
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  const limiter = ctx.rateLimiter('shopify:acme', { capacity: 1000, refillPerSecond: 50 });
  const api = ctx.http({
    baseUrl: server.url,
    platform: 'shopify',
    limiter,
    classify: shopifyClassify,
    observe: (r) => {
      const status = r.json<typeof throttled>().extensions?.cost?.throttleStatus;
      if (status) limiter.update({ available: status.currentlyAvailable, capacity: status.maximumAvailable, refillPerSecond: status.restoreRate });
    },
  });
  const response = await api.request({ method: 'POST', path: '/graphql.json', json: { query: '{ orders { nodes { id } } }' }, cost: 2 });
  t.same(response.json(), { data: { orders: { nodes: [] } } });
  t.equal(server.seen.length, 3);
  t.match(lines.filter((l) => l.startsWith('warn')), [/shopify: throttled \(THROTTLED\); retry 1 of 6 in 0\.02 s/, /retry 2 of 6/]);
  t.ok(limiter.available < 1000, 'the server state was adopted');
});

t.test('classify: a DAILY limit is a typed error, not retried, that stops the caller', async (t) => {
  const server = await startServer((_req, res) =>
    sendJson(res, 429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' }),
  );
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const api = ctx.http({
    baseUrl: server.url,
    platform: 'hubspot',
    classify: (r) => {
      if (r.status === 429 && r.json<{ policyName?: string }>().policyName === 'DAILY') {
        return { error: new UpstreamError(`hubspot daily API limit reached (${r.request})`, { status: 429, platformCode: 'DAILY', code: 'RATE_LIMIT_DAILY', retryable: false }) };
      }
      return undefined;
    },
  });
  const error = await api.request({ path: '/crm/v3/objects/contacts' }).catch((e: unknown) => e);
  t.type(error, UpstreamError);
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, platformCode: 'DAILY', status: 429 });
  t.equal(server.seen.length, 1, 'a daily limit is not retried');
});

t.test('classify: { ok } lets a status the plugin expects through as a response', async (t) => {
  const server = await startServer((_req, res) => {
    if (server.seen.length === 1) sendJson(res, 429, { error: 'slow down' });
    else sendJson(res, 404, { error: 'no such order' });
  });
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const limiter = ctx.rateLimiter('acme', { capacity: 10, refillPerSecond: 10 });
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', limiter, minDelayMs: 1, maxDelayMs: 2, classify: (r) => (r.status === 404 ? { ok: true } : undefined) });
  const response = await api.request({ path: '/orders/9' });
  t.equal(response.status, 404, 'a 404 the plugin treats as "gone" comes back as a response');
  t.equal(server.seen.length, 2);
});

import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { UpstreamError, parseRetryAfter } from '../src/index.js';
import { capturingContext, sendJson, startServer } from './http-test-server.js';

const fast = { minDelayMs: 1, maxDelayMs: 5 };

t.test('a burst of 503s is retried until the platform answers', async (t) => {
  const server = await startServer((req, res) => {
    if (server.seen.length <= 3) sendJson(res, 503, { error: 'busy' });
    else sendJson(res, 200, { orders: [1, 2] });
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', ...fast });
  const response = await api.request({ path: '/orders' });
  t.same(response.json(), { orders: [1, 2] });
  t.equal(server.seen.length, 4, 'three failures, then the answer');
  const warnings = lines.filter((l) => l.startsWith('warn'));
  t.equal(warnings.length, 3, 'one warning per retry');
  t.match(warnings[0], /acme: answered 503; retry 1 of 6 in/);
  t.match(warnings[0], /"request":"GET http:\/\/127\.0\.0\.1:\d+\/orders"/);
});

t.test('408, 425 and 429 are retried; other 4xx are not', async (t) => {
  for (const status of [408, 425, 429]) {
    const server = await startServer((_req, res) => sendJson(res, server.seen.length === 1 ? status : 200, {}));
    const { ctx } = capturingContext();
    await ctx.http({ baseUrl: server.url, platform: 'acme', ...fast }).request({ path: '/' });
    t.equal(server.seen.length, 2, `${status} was retried`);
    await server.close();
  }
});

t.test('a non-retryable 400 is sent once and fails with a typed error naming the request', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 400, { message: 'Property "email" is invalid', category: 'VALIDATION_ERROR' }));
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const api = ctx.http({
    baseUrl: `${server.url}/crm/v3`,
    platform: 'hubspot',
    ...fast,
    platformCode: (r) => r.json<{ category?: string }>().category,
  });
  const error = await api.request({ method: 'POST', path: 'objects/contacts', json: { email: 'x' } }).catch((e: unknown) => e);
  t.type(error, UpstreamError);
  t.match(error, {
    status: 400,
    retryable: false,
    code: 'UPSTREAM_REJECTED',
    platformCode: 'VALIDATION_ERROR',
    message: /^hubspot answered 400 for POST http:\/\/127\.0\.0\.1:\d+\/crm\/v3\/objects\/contacts: \{"message":"Property \\"email\\" is invalid"/,
  });
  t.equal(server.seen.length, 1, 'a data error is not retried');
  t.equal(server.seen[0]?.headers['content-type'], 'application/json');
  t.same(JSON.parse(server.seen[0]?.body ?? ''), { email: 'x' });
});

t.test('401 without a refreshable auth, 403 and 404 say what they are', async (t) => {
  const server = await startServer((req, res) => sendJson(res, Number(req.url.slice(1)), { error: 'no' }));
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', ...fast });
  await t.rejects(api.request({ path: '/401' }), { code: 'AUTH_FAILED', retryable: false, status: 401 });
  await t.rejects(api.request({ path: '/403' }), { code: 'FORBIDDEN', retryable: false });
  await t.rejects(api.request({ path: '/404' }), { code: 'NOT_FOUND', retryable: false });
  t.equal(server.seen.length, 3);
});

t.test('after the retries are spent the last error is thrown, still retryable for a later run', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 502, { error: 'bad gateway' }));
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', retries: 2, ...fast });
  await t.rejects(api.request({ path: '/x' }), {
    code: 'UPSTREAM_UNAVAILABLE',
    retryable: true,
    status: 502,
    message: /acme answered 502 for GET .*\/x: \{"error":"bad gateway"\} \(gave up after 3 attempts\)/,
  });
  t.equal(server.seen.length, 3);
  await t.rejects(api.request({ path: '/x', retries: 0 }), { message: /gave up|answered 502/ }, 'a per-request retry count wins');
  t.equal(server.seen.length, 4);
});

t.test('a connection reset by the server is retried', async (t) => {
  const server = await startServer((_req, res, raw) => {
    if (server.seen.length <= 2) raw.socket.destroy();
    else sendJson(res, 200, { ok: true });
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  const response = await ctx.http({ baseUrl: server.url, platform: 'acme', ...fast }).request({ method: 'POST', path: '/upload', body: 'a,b\n1,2\n' });
  t.same(response.json(), { ok: true });
  t.equal(server.seen.length, 3);
  t.equal(server.seen[2]?.body, 'a,b\n1,2\n', 'the raw body is sent again whole');
  t.match(lines.filter((l) => l.startsWith('warn')).join('\n'), /connection failed/);
});

t.test('a refused connection is retried, then fails as a retryable network error', async (t) => {
  // A port that was just free: nothing listens there.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const { ctx, lines } = capturingContext();
  await t.rejects(ctx.http({ baseUrl: `http://127.0.0.1:${port}`, platform: 'acme', retries: 2, ...fast }).request({ path: '/' }), {
    code: 'NETWORK_ERROR',
    retryable: true,
    message: /acme could not be reached for GET http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\) \(gave up after 3 attempts\)/,
  });
  t.equal(lines.filter((l) => l.startsWith('warn')).length, 2);
});

t.test('a request that gets no answer times out, is retried, and then fails as TIMEOUT', async (t) => {
  const server = await startServer(() => {
    // never answers
  });
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const api = ctx.http({ baseUrl: server.url, platform: 'acme', timeoutMs: 100, retries: 2, ...fast });
  await t.rejects(api.request({ path: '/slow' }), {
    code: 'TIMEOUT',
    retryable: true,
    message: /acme did not answer GET .*\/slow within 100 ms \(gave up after 3 attempts\)/,
  });
  t.equal(server.seen.length, 3, 'each attempt reached the server');
});

t.test('a timeout is retried and the next attempt can succeed', async (t) => {
  const server = await startServer((_req, res) => {
    if (server.seen.length > 1) sendJson(res, 200, { ok: 1 });
  });
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const response = await ctx.http({ baseUrl: server.url, platform: 'acme', timeoutMs: 400, ...fast }).request({ path: '/' });
  t.equal(response.status, 200);
  t.equal(server.seen.length, 2);
});

t.test('Retry-After is honoured over the backoff, even above maxDelayMs', async (t) => {
  const server = await startServer((_req, res) => {
    if (server.seen.length === 1) sendJson(res, 503, {}, { 'retry-after': '0.3' });
    else sendJson(res, 200, {});
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  await ctx.http({ baseUrl: server.url, platform: 'acme', minDelayMs: 1, maxDelayMs: 10 }).request({ path: '/' });
  t.match(lines.find((l) => l.startsWith('warn')), /"waitMs":300/, 'waited what the platform asked');
  const second = server.seen[1]?.at ?? 0;
  const first = server.seen[0]?.at ?? 0;
  t.ok(second - first >= 250, 'the server saw no retry before the wait was over (generous margin)');
});

t.test('a Retry-After longer than a run waits fails at once, retryable', async (t) => {
  const server = await startServer((_req, res) => sendJson(res, 429, { error: 'daily quota' }, { 'retry-after': '3600' }));
  t.teardown(server.close);
  const { ctx } = capturingContext();
  await t.rejects(ctx.http({ baseUrl: server.url, platform: 'acme', ...fast }).request({ path: '/' }), {
    code: 'RATE_LIMITED',
    retryable: true,
    message: /it asks to wait 3600 s, longer than this run waits/,
  });
  t.equal(server.seen.length, 1, 'no pointless retries');
});

t.test('Retry-After: seconds, fractional seconds and HTTP dates', async (t) => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  t.equal(parseRetryAfter('2.0', now), 2000, "Shopify's float seconds");
  t.equal(parseRetryAfter('120', now), 120_000);
  t.equal(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now), 5000);
  t.equal(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now), 0, 'a date in the past means now');
  t.equal(parseRetryAfter('soon', now), undefined);
  t.equal(parseRetryAfter('-1', now), undefined);
  t.equal(parseRetryAfter(undefined, now), undefined);
});

t.test('requests: query, form and absolute paths; observe sees every response; bad JSON is a typed error', async (t) => {
  const server = await startServer((req, res) => {
    if (req.url.endsWith('/text')) {
      res.writeHead(200, { 'content-type': 'text/html', 'x-calls': '3/40' });
      res.end('<html>maintenance</html>');
    } else sendJson(res, 200, { url: req.url, body: req.body, type: req.headers['content-type'] ?? null, app: req.headers['x-app'] });
  });
  t.teardown(server.close);
  const { ctx } = capturingContext();
  const seen: string[] = [];
  const api = ctx.http({ baseUrl: `${server.url}/api/`, platform: 'acme', headers: { 'x-app': 'datong' }, observe: (r) => seen.push(r.headers['x-calls'] ?? '-') });
  const r1 = await api.request({ path: '/list', query: { page: 2, all: true, skip: undefined } });
  t.same(r1.json(), { url: '/api/list?page=2&all=true', body: '', type: null, app: 'datong' });
  const r2 = await api.request({ method: 'POST', path: `${server.url}/other`, form: { a: '1', b: 'x y' } });
  t.same(r2.json(), { url: '/other', body: 'a=1&b=x+y', type: 'application/x-www-form-urlencoded', app: 'datong' });
  const r3 = await api.request({ path: '/text' });
  t.throws(() => r3.json(), { code: 'BAD_RESPONSE', message: /acme answered 200 for GET .*\/api\/text: <html>maintenance<\/html> \(the body is not JSON\)/ });
  t.same(seen, ['-', '-', '3/40']);
});

t.test('a request that is not idempotent is resent only when the answer proves nothing was done', async (t) => {
  // A 503 after a create may have created: not resent; the error stays retryable for the caller.
  const busy = await startServer((_req, res) => sendJson(res, 503, { error: 'busy' }));
  t.teardown(busy.close);
  const { ctx } = capturingContext();
  const error = await ctx.http({ baseUrl: busy.url, platform: 'acme', ...fast }).request({ method: 'POST', path: '/accounts', json: { name: 'x' }, notIdempotent: true }).catch((e: unknown) => e);
  t.type(error, UpstreamError);
  t.match((error as UpstreamError).message, /not sent again here: it may have been done/);
  t.equal((error as UpstreamError).retryable, true, 'retryable: after a look-up, the caller may try again');
  t.equal(busy.seen.length, 1, 'sent once');

  // A 429 did nothing: waited out and resent.
  const throttled = await startServer((_req, res) => sendJson(res, throttled.seen.length === 1 ? 429 : 201, { id: 'a-1' }));
  t.teardown(throttled.close);
  const created = await ctx.http({ baseUrl: throttled.url, platform: 'acme', ...fast }).request({ method: 'POST', path: '/accounts', json: { name: 'x' }, notIdempotent: true });
  t.equal(created.status, 201);
  t.equal(throttled.seen.length, 2, 'the throttled create was sent again');

  // The same 503 on an idempotent request is retried as before.
  const again = await startServer((_req, res) => sendJson(res, again.seen.length === 1 ? 503 : 200, {}));
  t.teardown(again.close);
  await ctx.http({ baseUrl: again.url, platform: 'acme', ...fast }).request({ method: 'PUT', path: '/accounts/1', json: {} });
  t.equal(again.seen.length, 2);
});

import { ConfigError, UpstreamError } from '@datong/sdk';
import { EmulatorKit } from '@datong/sdk/emulator';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { AUTH_KINDS } from '../emulator/index.js';
import plugin from '../src/index.js';
import { authFor, configFor, emulator, openStream, readAll, failureOf } from './helpers/rest.js';


/** Wrong values for the secrets of an auth config: well-formed, refused by the store. */
function wrong(auth: Record<string, unknown>): Record<string, unknown> {
  const out = { ...auth };
  for (const field of ['token', 'password', 'value', 'secret']) if (typeof out[field] === 'string') out[field] = `wrong-${field}-Zq81x0`;
  return out;
}

t.test('a refused credential is AUTH_FAILED naming the stream, for every auth type', async (t) => {
  for (const kind of AUTH_KINDS.filter((k) => k !== 'none')) {
    const emu = await emulator(t, { auth: kind });
    const config = { ...configFor(emu), auth: wrong(authFor(emu)) };
    const { stream, ctx } = await openStream(config, 'members');
    const error = await failureOf(readAll(stream, ctx));
    t.type(error, UpstreamError, kind);
    t.equal(error.code, 'AUTH_FAILED', `${kind}: AUTH_FAILED`);
    t.equal(error.retryable, false, `${kind}: not retryable`);
    t.match(error.message, /^rest stream "members": the store refused the credentials \(401\)/, `${kind}: names the stream`);
    t.match(error.message, /check auth\./, `${kind}: says what to check`);
    t.equal(emu.kit.requests.length, 1, `${kind}: not retried`);
    await emu.close();
  }
});

t.test('a store asking for credentials when auth is none says so', async (t) => {
  const emu = await emulator(t, { auth: 'bearer' });
  const { stream, ctx } = await openStream({ ...configFor(emu), auth: { type: 'none' } }, 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /rest stream "orders": the store refused the credentials \(401\).*missing access token.*auth is none: set auth/);
});

t.test('check() proves credentials, paths and recordPaths of every stream', async (t) => {
  const emu = await emulator(t);
  const connection = await plugin.source!.open(configFor(emu), testContext());
  await connection.check!();
  t.same(emu.kit.requests.map((r) => r.path), ['/api/v2/orders', '/api/v2/members']);
  const wrongPath = await plugin.source!.open({ ...configFor(emu), streams: [{ name: 'orders', path: '/api/v3/orders', key: ['order_no'] }] }, testContext());
  const notFound = await failureOf(wrongPath.check!());
  t.match(notFound.message, /rest stream "orders" answered 404 for GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\/orders/);
  t.equal(notFound.code, 'NOT_FOUND');
});

t.test('a recordPath that is not in the answer is a clear error naming the stream and the path', async (t) => {
  const emu = await emulator(t);
  const base = configFor(emu) as { streams: Record<string, unknown>[] };
  const cases: [string, RegExp][] = [
    ['data.records', /stream "orders": recordPath "data\.records" is not in the answer to GET .*: "data\.records" is missing \(found an object with keys items, page, per_page, total\)/],
    ['data', /stream "orders": recordPath "data" holds an object with keys items, page, per_page, total, not an array of records/],
    ['', /stream "orders": the body holds an object with keys code, data, not an array of records/],
  ];
  for (const [recordPath, message] of cases) {
    const { stream, ctx } = await openStream({ ...base, streams: [{ ...base.streams[0], recordPath }] }, 'orders');
    const error = await failureOf(readAll(stream, ctx));
    t.type(error, ConfigError, `recordPath "${recordPath}"`);
    t.match(error.message, message);
    t.match(error.message, /\(\/streams\/0\/recordPath\)/, 'points at the field to fix');
  }
});

t.test('no secret appears in any message or log line, for every auth type', async (t) => {
  // A store that echoes the request back in its error body, credentials and all.
  const kit = new EmulatorKit({ name: 'echo', rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/api/echo', (req) => ({
    status: req.query.get('fail') === '5xx' ? 503 : 400,
    json: { error: 'bad request', url: req.url.toString(), authorization: req.headers.authorization, key: req.headers['x-api-key'] },
  }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  const secrets: Record<string, Record<string, unknown>> = {
    bearer: { type: 'bearer', token: 'tok-SECRET-1111' },
    basic: { type: 'basic', username: 'sync', password: 'pw-SECRET-2222' },
    apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'key-SECRET-3333' },
    apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key', value: 'key-SECRET-4444' },
    apiKeyOddName: { type: 'apiKey', in: 'query', name: 'appkey', value: 'key-SECRET-5555' },
    hmac: { type: 'hmac', secret: 'hs-SECRET-6666', keyId: 'app-1' },
  };
  for (const [kind, auth] of Object.entries(secrets)) {
    for (const fail of ['4xx', '5xx']) {
      const ctx = testContext();
      const config = { baseUrl: url, auth, retries: 1, streams: [{ name: 'orders', path: '/api/echo', key: ['id'], query: { fail } }] };
      const { stream } = await openStream(config, 'orders', ctx);
      const error = await failureOf(readAll(stream, ctx));
      const said = [error.message, error.stack ?? '', JSON.stringify(ctx.messages)].join('\n');
      t.notMatch(said, /SECRET/, `${kind} ${fail}: no secret in the error or the log`);
      // The HMAC secret never travels: only a per-request signature, which reveals nothing.
      if (kind !== 'hmac') t.match(error.message, /\[redacted\]/, `${kind} ${fail}: the echoed credential shows as [redacted]`);
    }
  }
  // Base64 of user:password is a credential too.
  const basic = Buffer.from('sync:pw-SECRET-2222').toString('base64');
  const ctx = testContext();
  const { stream } = await openStream({ baseUrl: url, auth: secrets.basic, streams: [{ name: 'orders', path: '/api/echo', key: ['id'] }] }, 'orders', ctx);
  const error = await failureOf(readAll(stream, ctx));
  t.notMatch(error.message, basic, 'nor the basic header value');
});

t.test('a next page on another origin is not followed with the credentials', async (t) => {
  const kit = new EmulatorKit({ name: 'elsewhere', rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/api/items', () => ({ json: { items: [{ id: 1 }], next: 'https://attacker.example/steal' } }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  const config = { baseUrl: url, auth: { type: 'bearer', token: 'tok-1' }, streams: [{ name: 'items', path: '/api/items', key: ['id'], recordPath: 'items', pagination: { type: 'nextUrl', from: 'next' } }] };
  const { stream, ctx } = await openStream(config, 'items');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /rest stream "items": the store's next page points to https:\/\/attacker\.example, outside http:\/\/127\.0\.0\.1:\d+; not following it/);
});

t.test('a store that hands out the same next page fails instead of looping', async (t) => {
  const kit = new EmulatorKit({ name: 'loop', rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/api/items', () => ({ json: { items: [{ id: 1 }], meta: { next: 'abc' } } }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  const config = { baseUrl: url, streams: [{ name: 'items', path: '/api/items', key: ['id'], recordPath: 'items', pagination: { type: 'cursor', param: 'cursor', from: 'meta.next' } }] };
  const { stream, ctx } = await openStream(config, 'items');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /rest stream "items": the store gave the page it was asked for as the next page \(cursor pagination\)/);
  t.equal(kit.requests.length, 2);
});

t.test('entries without a key or not objects are dead letters, the read goes on', async (t) => {
  const kit = new EmulatorKit({ name: 'odd', rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/api/items', () => ({ json: [{ id: 1 }, { name: 'no id' }, 'text', { id: 2 }] }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  const { stream, ctx } = await openStream({ baseUrl: url, streams: [{ name: 'items', path: '/api/items', key: ['id'] }] }, 'items');
  const read = await readAll(stream, ctx);
  t.same(read.records, [{ id: 1 }, { id: 2 }]);
  t.same(read.invalid.map((i) => i.code), ['KEY_MISSING', 'PARSE_ERROR']);
});

t.test('a 429 is retried after the wait its Retry-After asks for', async (t) => {
  const emu = await emulator(t, { retryAfterSeconds: 1, faults: { rateLimitAfter: 1, rateLimitCalls: 1 } });
  const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, emu.store.orders.length, 'every order still arrives');
  const calls = emu.kit.requests;
  const throttled = calls.findIndex((r) => r.status === 429);
  t.ok(throttled > 0, 'the store answered 429 once');
  const waited = calls[throttled + 1]!.at - calls[throttled]!.at;
  t.ok(waited >= 950, `the next call waited ${waited} ms for Retry-After: 1`);
  t.match(ctx.messages.find((m) => m.level === 'warn')?.message ?? '', /rest stream "orders": answered 429; retry 1 of 6 in 1\.00 s/);
});

t.test('5xx answers are retried', async (t) => {
  const emu = await emulator(t, { faults: { errorBurst: 2 } });
  const { stream, ctx } = await openStream({ ...configFor(emu), retries: 3 }, 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, emu.store.orders.length);
  t.equal(emu.kit.requests.filter((r) => r.status === 503).length, 2, 'two 503s, then success');
});

t.test('5xx past the retries fails retryable, naming the stream', async (t) => {
  const emu = await emulator(t, { faults: { errorBurst: 5 } });
  const { stream, ctx } = await openStream({ ...configFor(emu), retries: 1 }, 'members');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /rest stream "members" answered 503 for GET .*store temporarily unavailable.*gave up after 2 attempts/);
  t.equal(error.retryable, true, 'a later run may succeed');
});

t.test('an expired token fails non-retryable, telling the user to renew it', async (t) => {
  const emu = await emulator(t);
  await new Promise((resolve) => setTimeout(resolve, 5));
  // Tokens issued before this moment have expired: the one the emulator handed out is among them.
  emu.kit.setFaults({ tokenExpiresAt: Date.now() });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.equal(error.code, 'AUTH_FAILED');
  t.equal(error.retryable, false);
  t.match(error.message, /rest stream "orders": the store refused the credentials \(401\).*access token expired.*renew it/);
});

t.test('errors inside an HTTP 200 are recognised with errorInBody', async (t) => {
  const errorInBody = { path: 'code', success: [0], message: 'message', retry: [42900, 50300], auth: [40100, 40101, 40102, 40103] };
  const throttled = await emulator(t, { errorsIn200: true, faults: { rateLimitAfter: 1, rateLimitCalls: 1, errorBurst: 1 } });
  const { stream, ctx } = await openStream({ ...configFor(throttled, { size: 10 }), errorInBody }, 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, throttled.store.orders.length, 'a throttle and a fault in a 200 are retried, nothing lost');
  t.ok(throttled.kit.requests.every((r) => r.status === 200), 'every answer was an HTTP 200');
  t.match(ctx.messages.map((m) => m.message).join('\n'), /code 42900 in an HTTP 200 answer \(too many requests, slow down\); retry \d of 6 in 1\.00 s/);

  const refused = await emulator(t, { errorsIn200: true });
  const wrongToken = { ...configFor(refused), auth: { type: 'bearer', token: 'nope' }, errorInBody };
  const opened = await openStream(wrongToken, 'orders');
  const error = await failureOf(readAll(opened.stream, opened.ctx));
  t.equal(error.code, 'AUTH_FAILED');
  t.match(error.message, /rest stream "orders": the store refused the credentials \(code 40100\)/);

  const bad = await openStream({ ...configFor(refused, { size: 500 }), errorInBody }, 'orders');
  const rejected = await failureOf(readAll(bad.stream, bad.ctx));
  t.equal(rejected.code, 'UPSTREAM_REJECTED');
  t.match(rejected.message, /answered GET .* with code 40001 in an HTTP 200 answer \(per_page must be an integer from 1 to 100\)/);

  const unaware = await openStream(configFor(refused, { size: 500 }), 'orders');
  const confused = await failureOf(readAll(unaware.stream, unaware.ctx));
  t.match(confused.message, /recordPath "data\.items" is not in the answer .*found an object with keys code, message/, 'without errorInBody, the recordPath error shows the body');
});

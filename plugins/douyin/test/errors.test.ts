import { MemoryPluginState, UpstreamError, type DatongError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { configFor, emulator, expectedOrders, latestRead, compare, openStream, readAll } from './helpers/douyin.js';

/** Every token issued so far expires now (the kit's tokenExpiresAt fault). */
async function expireTokens(emu: { kit: { setFaults(patch: Record<string, unknown>): unknown } }): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  emu.kit.setFaults({ tokenExpiresAt: Date.now() });
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

t.test('a throttle answer is retried after the stated wait, and the ban is honoured', async (t) => {
  const emu = await emulator(t, { orders: 20, banSeconds: 1, faults: { rateLimitAfter: 1, rateLimitCalls: 1 } });
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 5, windowHours: 2000, rateLimitWaitSeconds: 1 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 20, 'the read completes');
  const log = emu.kit.requests;
  const throttled = log.findIndex((r) => r.fault === 'rate-limit');
  t.ok(throttled >= 0, 'the emulator throttled a call');
  const next = log[throttled + 1]!;
  t.ok(next.at - log[throttled]!.at >= 1000, `the retry waited ${next.at - log[throttled]!.at} ms (the ban is 1 s)`);
  t.equal(log.filter((r) => r.fault === 'rate-limit').length, 1, 'no call landed inside the ban');
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /throttled 40300/.test(m.message)), 'the retry is logged with the platform code');
});

t.test('isp.service-error (20000 inside HTTP 200) is retried', async (t) => {
  const emu = await emulator(t, { orders: 10, faults: { errorBurst: 2 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  t.equal((await readAll(stream, ctx)).records.length, 10);
  t.equal(emu.kit.requests.filter((r) => r.fault === '5xx').length, 2, 'two service errors were answered, then it went on');
  t.ok(emu.kit.requests.every((r) => r.status === 200), 'all inside HTTP 200');
});

t.test('an expired access token is refreshed once; the rotated refresh token is kept as a secret', async (t) => {
  const emu = await emulator(t, { orders: 15 });
  await expireTokens(emu);
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const { stream } = await openStream(configFor(emu), 'orders', ctx);
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 15, 'the read completes with the new token');
  t.equal(emu.tokens.refreshes, 1, 'one refresh');
  const rotated = state.secrets.get('douyin.refresh_token');
  t.ok(rotated && rotated !== emu.credentials.refreshToken, 'the rotated refresh token is stored with setSecret');
  t.equal(emu.kit.requests.filter((r) => r.query.method === 'token.refresh').length, 1);
  // The next run starts from the stored token, not the config's dead one.
  const again = await openStream(configFor(emu, { accessToken: undefined }), 'orders', testContext({ state }));
  t.equal((await readAll(again.stream, again.ctx)).records.length, 15, 'a later run refreshes with the stored refresh token');
});

t.test('an expired token without a way to refresh is a clear, non-retryable AUTH_FAILED', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  await expireTokens(emu);
  const { stream, ctx } = await openStream(configFor(emu, { refreshToken: undefined }), 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error, { code: 'AUTH_FAILED', retryable: false, message: /access_token.*re-authorize/ });
});

t.test('a refused refresh token is AUTH_REFRESH_FAILED, telling to re-authorize', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  const { stream, ctx } = await openStream(configFor(emu, { accessToken: 'emu-at-unknown', refreshToken: 'emu-rt-unknown' }), 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error, { code: 'AUTH_REFRESH_FAILED', retryable: false, message: /re-authorize/ });
});

t.test('a self-use app gets its token with token.create (authorization_self)', async (t) => {
  const emu = await emulator(t, { orders: 8 });
  const { stream, ctx } = await openStream(configFor(emu, { accessToken: undefined, refreshToken: undefined, shopId: emu.credentials.shopId }), 'orders');
  t.equal((await readAll(stream, ctx)).records.length, 8);
  t.equal(emu.kit.requests[0]?.query.method, 'token.create');
});

t.test('an error inside HTTP 200 is typed, not retried, and names the platform code; no secret in any message', async (t) => {
  const emu = await emulator(t, { orders: 5, maxPageSize: 50 });
  const config = configFor(emu, { pageSize: 100 });
  const { stream, ctx } = await openStream(config, 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'UPSTREAM_REJECTED', retryable: false, status: 200, platformCode: '40004:isv.parameter-invalid:20008' });
  const message = (error as DatongError).message;
  t.match(message, /access_token=\[redacted\]/, 'access_token is redacted in the request');
  t.match(message, /sign=\[redacted\]/, 'sign is redacted in the request');
  t.match(message, /sign_method=hmac-sha256/, 'sign_method stays readable');
  t.equal(emu.kit.requests.length, 1, 'not retried');
  for (const secret of [config.appSecret, config.accessToken, config.refreshToken] as string[]) {
    t.notOk(message.includes(secret), 'no secret in the error');
    t.notOk(JSON.stringify(ctx.messages).includes(secret), 'no secret in the log');
  }
});

t.test('a throttled and refreshed run logs no secret either', async (t) => {
  const emu = await emulator(t, { orders: 10, banSeconds: 0, faults: { rateLimitAfter: 0, rateLimitCalls: 2 } });
  await expireTokens(emu);
  const config = configFor(emu, { rateLimitWaitSeconds: 0.05 });
  const { stream, ctx } = await openStream(config, 'orders');
  const read = await readAll(stream, ctx);
  t.same(compare(latestRead(read.records), expectedOrders(emu)), { missing: [], stale: [] });
  const logged = JSON.stringify(ctx.messages);
  for (const secret of [config.appSecret, config.accessToken, config.refreshToken] as string[]) t.notOk(logged.includes(secret));
  t.ok(ctx.messages.length > 0, 'there was something to log');
});

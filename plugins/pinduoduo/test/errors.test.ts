import { MemoryPluginState, UpstreamError } from '@datong/sdk';
import { testContext, type TestContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { REFRESH_TOKEN_STATE_KEY } from '../src/index.js';
import { callsOf, configFor, emulator, openStream, readAll } from './helpers/pdd.js';

const ORDERS = 'pdd.order.number.list.increment.get';

async function check(config: Record<string, unknown>, ctx: TestContext = testContext()): Promise<unknown> {
  const connection = await plugin.source!.open(config, ctx);
  return connection.check!().then(() => undefined, (e: unknown) => e);
}

/** Every token issued so far expires now (tokens the emulator issues later are fresh). */
async function expireTokens(emu: Awaited<ReturnType<typeof emulator>>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() });
  await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Everything an error and a context said, for leak checks. */
function said(error: unknown, ctx: TestContext): string {
  const e = error as { message?: string; stack?: string; cause?: { message?: string } } | undefined;
  return [e?.message, e?.stack, e?.cause?.message, JSON.stringify(error), JSON.stringify(ctx.messages)].join('\n');
}

t.test('a throttle (70031 inside HTTP 200) is retried after throttleWaitSeconds', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 0, rateLimitCalls: 2 } });
  const ctx = testContext();
  t.equal(await check(configFor(emu, { throttleWaitSeconds: 0.4 }), ctx), undefined, 'check passes once the throttle lifts');
  const calls = callsOf(emu, ORDERS);
  t.equal(calls.length, 3, 'two throttled calls, then the answer');
  t.match(calls.map((c) => c.fault ?? ''), ['rate-limit', 'rate-limit', '']);
  t.equal(calls[0]!.status, 200, 'throttled inside HTTP 200');
  for (let i = 1; i < calls.length; i++) t.ok(calls[i]!.at - calls[i - 1]!.at >= 380, `call ${i + 1} waited the stated 0.4 s (${calls[i]!.at - calls[i - 1]!.at} ms)`);
  t.match(ctx.messages.filter((m) => m.level === 'warn').map((m) => m.message), [/throttled \(error 70031/, /throttled/]);
});

t.test('70032 is a throttle too', async (t) => {
  const emu = await emulator(t, { throttleCode: 70032, faults: { rateLimitAfter: 0, rateLimitCalls: 1 } });
  t.equal(await check(configFor(emu, { throttleWaitSeconds: 0.05 })), undefined);
  t.equal(callsOf(emu, ORDERS).length, 2);
});

t.test('a throttle that outlasts the retries fails retryable, for a later run', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 0 } });
  const error = await check(configFor(emu, { throttleWaitSeconds: 0.01 }));
  t.match(error, { code: 'RATE_LIMITED', retryable: true, platformCode: '70031' });
});

t.test('a gateway 5xx burst is retried', async (t) => {
  const emu = await emulator(t, { faults: { errorBurst: 2 } });
  t.equal(await check(configFor(emu)), undefined);
  t.equal(callsOf(emu, ORDERS).length, 3);
});

t.test('an expired token without a refresh token stops with AUTH_FAILED: re-authorize', async (t) => {
  const emu = await emulator(t);
  await expireTokens(emu);
  const ctx = testContext();
  const config = configFor(emu);
  const error = await check(config, ctx);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '10019', status: 200, message: /access_token has expired.*re-authorize/ });
  t.notMatch(said(error, ctx), String(config.accessToken), 'the token is not in the message');
  t.notMatch(said(error, ctx), String(config.clientSecret), 'nor the secret');
  t.equal(callsOf(emu, ORDERS).length, 1, 'not retried');
});

t.test('10035 is an expired token too', async (t) => {
  const emu = await emulator(t, { expiredTokenCode: 10035 });
  await expireTokens(emu);
  t.match(await check(configFor(emu)), { code: 'AUTH_FAILED', platformCode: '10035' });
});

t.test('an expired token is refreshed through pdd.pop.auth.token.refresh; the rotated refresh token is kept', async (t) => {
  const emu = await emulator(t);
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const config = configFor(emu, { refreshToken: emu.credentials.refreshToken });
  const first = emu.credentials.refreshToken;
  await expireTokens(emu);
  const { stream } = await openStream(config, 'orders', ctx);
  const read = await readAll(stream, ctx);
  t.equal(new Set(read.records.map((r) => r.order_sn)).size, emu.store.orders.length, 'every order read after the refresh');
  t.equal(emu.tokens.refreshCount, 1, 'one refresh, single-flight');
  t.not(emu.tokens.currentRefreshToken, first, 'the emulator rotated the refresh token');
  t.equal(await state.getSecret(REFRESH_TOKEN_STATE_KEY), emu.tokens.currentRefreshToken, 'the rotated refresh token is stored (encrypted by the store)');
  t.notMatch(said(undefined, ctx), emu.tokens.currentRefreshToken, 'no token in the log');

  // The next run starts with the config's (now dead) refresh token and a dead access token: the stored one wins.
  await expireTokens(emu);
  const next = testContext({ state });
  t.equal(await check(config, next), undefined, 'the next run refreshes with the stored refresh token');
  t.equal(emu.tokens.refreshCount, 2);
});

t.test('a refused refresh token is AUTH_REFRESH_FAILED, not retried', async (t) => {
  const emu = await emulator(t);
  await expireTokens(emu);
  const error = await check(configFor(emu, { refreshToken: 'rt-that-was-never-issued' }));
  t.match(error, { code: 'AUTH_REFRESH_FAILED', retryable: false, message: /re-authorize/ });
  t.notMatch(String((error as Error).message), 'rt-that-was-never-issued');
});

t.test('a token the platform does not know is AUTH_FAILED (20032 inside HTTP 200)', async (t) => {
  const emu = await emulator(t);
  const ctx = testContext();
  const error = await check(configFor(emu, { accessToken: 'at-forged-token-value' }), ctx);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, status: 200, platformCode: '20032', message: /credentials/ });
  t.match(String((error as Error).message), /POST http:\/\/127\.0\.0\.1:\d+\/api\/router/, 'names the request');
  t.notMatch(said(error, ctx), 'at-forged-token-value', 'the token is not in it');
});

t.test('access_token, sign and refresh_token never show in messages or logs', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 0, rateLimitCalls: 1 } });
  const ctx = testContext();
  const config = configFor(emu, { throttleWaitSeconds: 0.01, refreshToken: emu.credentials.refreshToken });
  t.equal(await check(config, ctx), undefined);
  // The request log line of the retry names the request: the form carried the token and the sign.
  const text = JSON.stringify(ctx.messages);
  t.ok(ctx.messages.length > 0, 'the retry was logged');
  for (const secret of [config.accessToken, config.clientSecret, config.refreshToken]) t.notMatch(text, String(secret));
  t.ok(ctx.redactor.text(`x ${String(config.accessToken)} y`).includes('[redacted]'), 'the access token is known to the redactor');
  const logged = emu.kit.requests[0]!.body as Record<string, string>;
  t.equal(logged.access_token, '[present]', "the emulator's own log masks access_token");
  t.equal(logged.sign, '[present]', 'and sign');
});

t.test('an unknown error code is a clear, non-retryable UPSTREAM_REJECTED', async (t) => {
  const emu = await emulator(t, { clientId: 'emu-other-client' });
  const error = await check(configFor(emu, { clientId: 'not-this-client' }));
  t.match(error, { code: 'AUTH_FAILED', platformCode: '10016', message: /client_id/ }, '10016 wrong client_id is a credential problem');
});

t.test('a config with only a refresh token gets its access token first', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu, { refreshToken: emu.credentials.refreshToken });
  delete config.accessToken;
  t.equal(await check(config), undefined);
  t.equal(emu.tokens.refreshCount, 1);
  await t.rejects(plugin.source!.open({ ...config, refreshToken: undefined }, testContext()), { code: 'CONFIG_INVALID', message: /accessToken/ }, 'neither token: a config error at open');
});

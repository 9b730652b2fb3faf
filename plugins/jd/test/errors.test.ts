import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import type { RunningJdEmulator } from '../emulator/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/jd.js';

/** Tokens issued so far expire now (the kit's tokenExpiresAt fault). */
async function expireTokens(emu: RunningJdEmulator): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() });
}

t.test('App Call Limited inside HTTP 200 is retried after the wait it states', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 2, rateLimitCalls: 1 }, throttleBanSeconds: 1 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 72, pageSize: 10 }));
  const started = Date.now();
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 40);
  const limited = emu.kit.requests.findIndex((r) => r.fault?.includes('rate-limit'));
  t.ok(limited >= 0, 'the emulator throttled a call');
  const next = emu.kit.requests[limited + 1]!;
  t.ok(next.at - emu.kit.requests[limited]!.at >= 950, `the retry waited ~1 s (${next.at - emu.kit.requests[limited]!.at} ms)`);
  t.ok(Date.now() - started < 10_000);
  t.match(JSON.stringify(ctx.messages), /App Call Limited/);
  const logged = ctx.redactor.text(JSON.stringify(ctx.messages));
  for (const secret of [emu.credentials.appSecret!, emu.credentials.accessToken!]) t.notOk(logged.includes(secret), 'no secret in the retry log lines');
  t.match(logged, /access_token=\[redacted\]/);
});

t.test('an expired token without a refresh token is AUTH_FAILED saying to re-authorize', async (t) => {
  const emu = await emulator(t);
  await expireTokens(emu);
  const config = configFor(emu);
  const connection = await plugin.source!.open(config, testContext());
  const error = await connection.check!().then(() => undefined, (e: unknown) => e as Error & { code: string; retryable: boolean });
  t.match(error, { code: 'AUTH_FAILED', retryable: false, message: /re-authorize/ });
  t.notMatch(error!.message, String(config.accessToken), 'the token is not in the message');
  t.notMatch(error!.message, String(config.appSecret), 'the secret is not in the message');
  t.match(error!.message, /access_token=\[redacted\]/, 'access_token is redacted');
  t.match(error!.message, /sign=\[redacted\]/, 'sign is redacted');
});

t.test('an expired token is refreshed through the refresh grant, keeping its value', async (t) => {
  const emu = await emulator(t);
  await expireTokens(emu);
  const { stream, ctx } = await openStream(configFor(emu, { refreshToken: emu.credentials.refreshToken, oauthUrl: emu.credentials.oauthUrl }));
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 40);
  t.equal(emu.oauth.refreshes, 1, 'one refresh, shared');
});

t.test('a gateway clock 20 minutes ahead: error 8, corrected from the Date header, then fine', async (t) => {
  const emu = await emulator(t, { now: () => Date.now() + 20 * 60_000 });
  const { stream, ctx } = await openStream(configFor(emu, { startDate: new Date(Date.now() - 12 * 86_400_000).toISOString() }));
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 40);
  const skewed = emu.kit.requests.filter((r) => r.fault?.includes('clock-skew'));
  t.equal(skewed.length, 1, 'one refusal, then corrected timestamps');
});

t.test('a skew the Date header cannot correct fails clearly, naming the clock', async (t) => {
  const emu = await emulator(t, { now: () => Date.now() + 20 * 60_000, dateHeader: false });
  const connection = await plugin.source!.open(configFor(emu), testContext());
  await t.rejects(connection.check!(), { code: 'CLOCK_SKEW', retryable: false, message: /±6 minutes.*clock/ });
});

t.test('a search the gateway refuses (window too wide) is a clear error', async (t) => {
  const emu = await emulator(t, { maxWindowMs: 3600_000 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 2 }));
  await t.rejects(readAll(stream, ctx), { code: 'UPSTREAM_REJECTED', message: /one month|range/ });
});

t.test('the _response spelling is accepted too', async (t) => {
  const emu = await emulator(t, { responseSuffix: '_response' });
  const { stream, ctx } = await openStream(configFor(emu));
  t.equal((await readAll(stream, ctx)).records.length, 40);
});

t.test('a burst of gateway 5xx answers is retried', async (t) => {
  const emu = await emulator(t, { faults: { errorBurst: 2 } });
  const { stream, ctx } = await openStream(configFor(emu));
  t.equal((await readAll(stream, ctx)).records.length, 40);
  t.equal(emu.kit.requests.filter((r) => r.status === 503).length, 2);
});

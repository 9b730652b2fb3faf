import { MemoryPluginState, type UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import type { RunningTaobaoEmulator } from '../emulator/index.js';
import { configFor, emulator, openStream, readAll, settle } from './helpers/taobao.js';

/** Every session issued so far expires now (a few ms after the emulator issued its first). */
async function expireSessions(emu: RunningTaobaoEmulator): Promise<void> {
  await settle(5);
  emu.kit.setFaults({ tokenExpiresAt: Date.now() });
}

/** What open()+check() threw, or undefined. */
async function checkError(config: Record<string, unknown>, ctx = testContext()): Promise<UpstreamError | undefined> {
  const connection = await plugin.source!.open(config, ctx);
  return connection.check!().then(() => undefined, (e: unknown) => e as UpstreamError);
}

t.test('a flow-control ban (code 7) is waited out for the seconds sub_msg states, plus one', async (t) => {
  const emu = await emulator(t, { orders: 10, banSeconds: 1, faults: { rateLimitAfter: 3, rateLimitCalls: 1 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 10, 'the read went on after the ban');
  const banned = emu.kit.requests.findIndex((r) => r.fault?.includes('rate-limit'));
  t.ok(banned >= 0, 'the emulator banned one call');
  const gap = emu.kit.requests[banned + 1]!.at - emu.kit.requests[banned]!.at;
  t.ok(gap >= 1900, `the next call came ${gap} ms later (ban 1 s + 1 s)`);
  t.equal(emu.kit.requests.filter((r) => r.fault?.includes('rate-limit')).length, 1, 'no call was sent into the ban');
  t.match(ctx.messages.find((m) => m.level === 'warn')?.message, /7 App Call Limited.*accesscontrol\.limited-by-app-access-count.*retry 1 of \d+ in 2\.00 s/);
});

t.test('an expired session (code 27) is refreshed at /token and the rotated refresh token kept', async (t) => {
  const emu = await emulator(t, { orders: 10 });
  await expireSessions(emu);
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const config = configFor(emu, { refreshToken: emu.credentials.refreshToken });
  const { stream } = await openStream(config, 'orders', ctx);
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 10);
  t.equal(emu.sessions.refreshCount, 1, 'one refresh');
  t.ok(emu.kit.requests.some((r) => r.fault === 'token-expired'), 'the emulator answered 27 session-expired');
  const rotated = await state.getSecret('taobao.refresh_token');
  t.ok(rotated && rotated !== emu.credentials.refreshToken, 'the rotated refresh token is in the state, encrypted by the store');
  const token = emu.kit.requests.find((r) => r.path === '/token');
  t.match(token?.body, { grant_type: 'refresh_token', client_id: emu.credentials.appKey, client_secret: '[present]', refresh_token: '[present]' });
});

t.test('without a refresh token, a refused session is AUTH_FAILED: re-authorize', async (t) => {
  const emu = await emulator(t, { orders: 3 });
  await expireSessions(emu);
  const ctx = testContext();
  const error = await checkError(configFor(emu), ctx);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '27', message: /27 Invalid session \(session-expired.*re-authorize the app/ });
  for (const secret of [emu.credentials.session!, emu.credentials.appSecret!]) t.notMatch(error?.message, secret, 'no secret in the message');
  t.match(error?.message, /session=\[redacted\]/, 'the session parameter shows as [redacted]');
  t.match(error?.message, /sign=\[redacted\]/, 'so does the signature');
  t.notMatch(JSON.stringify(ctx.messages), emu.credentials.session!, 'nor in any log line');
});

t.test('a refused refresh token is AUTH_REFRESH_FAILED, not retried', async (t) => {
  const emu = await emulator(t, { orders: 3 });
  await expireSessions(emu);
  const error = await checkError(configFor(emu, { refreshToken: `6102${'f'.repeat(40)}` }));
  t.match(error, { code: 'AUTH_REFRESH_FAILED', retryable: false, message: /invalid_grant.*re-authorize/ });
});

t.test('an error inside HTTP 200 for a listing stops the read with the sub_code named', async (t) => {
  const emu = await emulator(t, { orders: 3, maxWindowMinutes: 60 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const error = await readAll(stream, ctx).then(() => undefined, (e: unknown) => e as UpstreamError);
  t.match(error, { code: 'UPSTREAM_REJECTED', retryable: false, platformCode: 'isv.invalid-parameter', message: /15 Remote service error \(isv\.invalid-parameter: .*one day\)/ });
});

t.test('fullinfo.get refusing one trade (isv.*) dead-letters that trade; the run goes on', async (t) => {
  const emu = await emulator(t, { orders: 12 });
  const lost = emu.store.trades[4]!.tid;
  emu.store.forget(lost);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 11);
  t.equal(run.invalid.length, 1);
  t.match(run.invalid[0], { code: 'UPSTREAM_REJECTED', invalid: new RegExp(`^${lost}@.*isv\\.invalid-parameter`) });
});

t.test("TOP's own outages (code 10, isp.*) are retried", async (t) => {
  const emu = await emulator(t, { orders: 5, faults: { errorBurst: 2 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 5);
  t.equal(emu.kit.requests.filter((r) => r.fault === '5xx').length, 2);
});

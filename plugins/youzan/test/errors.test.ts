import t from 'tap';
import { testContext } from '@datong/sdk/testing';
import plugin from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/youzan.js';

t.test('a throttle (gateway 4101 inside HTTP 200) is waited out and retried', async (t) => {
  const emu = await emulator(t, { faults: { rateLimitAfter: 2, rateLimitCalls: 2 } });
  const { stream, ctx } = await openStream(configFor(emu, { throttleWaitMs: 150 }), 'orders');
  const started = Date.now();
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 40);
  const throttled = emu.kit.requests.filter((r) => r.fault?.includes('rate-limit'));
  t.equal(throttled.length, 2);
  t.ok(Date.now() - started >= 150 + 300, 'waited 150 ms, then 300 ms (doubling)');
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /throttled \(4101/.test(m.message)), 'the wait is logged with the reason');
});

t.test('an expired token is renewed once and the call goes on', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  await readAll((await openStream(configFor(emu), 'customers', ctx)).stream, ctx);
  const before = emu.tokens.issuedCount;
  await new Promise((resolve) => setTimeout(resolve, 5));
  emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 40);
  t.ok(emu.kit.requests.some((r) => r.fault?.includes('token-expired')), 'the gateway answered 4202');
  t.equal(emu.tokens.issuedCount, before + 1, 'one renewal');
  const exchanges = emu.kit.requests.filter((r) => r.path === '/auth/token').map((r) => (r.body as { refresh: boolean }).refresh);
  t.same(exchanges, [false, true], 'the renewal asks refresh=true');
});

t.test('the token is cached in state and renewed before it expires', async (t) => {
  const emu = await emulator(t, { tokenTtlMs: 2 * 86_400_000 });
  const ctx = testContext();
  const config = configFor(emu);
  await readAll((await openStream(config, 'customers', ctx)).stream, ctx);
  await readAll((await openStream(config, 'customers', ctx)).stream, ctx);
  t.equal(emu.kit.requests.filter((r) => r.path === '/auth/token').length, 1, 'a second run reuses the stored token');
  await readAll((await openStream({ ...config, tokenLeewaySeconds: 3 * 86_400 }, 'customers', ctx)).stream, ctx);
  t.equal(emu.kit.requests.filter((r) => r.path === '/auth/token').length, 2, 'within the leeway it is renewed first');
});

t.test('a token refused even after renewal is AUTH_FAILED, telling to re-authorize', async (t) => {
  const emu = await emulator(t);
  const ctx = testContext();
  const connection = await plugin.source!.open(configFor(emu), ctx);
  // Every token the desk issues is already expired: the shop's authorization is gone.
  emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() + 3_600_000_000 });
  (emu.tokens as unknown as { check: () => string }).check = () => 'expired';
  await t.rejects(connection.check!(), { code: 'AUTH_FAILED', retryable: false, message: /re-authorize/ });
});

t.test('bad credentials fail at the token endpoint, clearly and without secrets', async (t) => {
  const emu = await emulator(t);
  const ctx = testContext();
  const config = configFor(emu, { clientSecret: 'wrong-secret-value-1234' });
  const connection = await plugin.source!.open(config, ctx);
  const error = (await connection.check!().catch((e: unknown) => e)) as Error & { code: string; retryable: boolean };
  t.equal(error.code, 'AUTH_FAILED');
  t.equal(error.retryable, false);
  t.match(error.message, /code 1000/);
  t.notMatch(error.message, /wrong-secret-value-1234/);
  t.notMatch(JSON.stringify(ctx.messages), /wrong-secret-value-1234/);
});

t.test('a business error inside HTTP 200 is a typed error naming its code, with no token in it', async (t) => {
  const emu = await emulator(t, { maxPageSize: 50 });
  const ctx = testContext();
  const { stream } = await openStream(configFor(emu, { pageSize: 100 }), 'orders', ctx);
  const error = (await readAll(stream, ctx).catch((e: unknown) => e)) as Error & { code: string; platformCode: string };
  t.equal(error.code, 'UPSTREAM_REJECTED');
  t.equal(error.platformCode, '5000');
  t.match(error.message, /每页最多显示50条数据/);
  t.match(error.message, /access_token=\[redacted\]/, 'the access_token query parameter is redacted');
  const token = emu.kit.requests.length > 0 ? (emu.tokens as unknown as { current?: { token: string } }).current?.token : undefined;
  if (token) t.notMatch(error.message, token);
});

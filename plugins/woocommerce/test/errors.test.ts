import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatongError } from '@datong/sdk';
import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/woo.js';

/** Reads and returns the error it ends with (or fails the test). */
async function failure(config: Record<string, unknown>): Promise<{ error: DatongError; logged: string }> {
  const { stream, ctx } = await openStream(config, 'orders');
  try {
    await readAll(stream, ctx);
  } catch (error) {
    if (!(error instanceof DatongError)) throw error;
    return { error, logged: JSON.stringify(ctx.messages) };
  }
  throw new Error('the read did not fail');
}

t.test('a throttle (429 + Retry-After) is waited out for as long as it asks', async (t) => {
  const emu = await emulator(t, { orders: 20, retryAfterSeconds: 1, faults: { rateLimitAfter: 1, rateLimitCalls: 1 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 20, 'the read completes');
  const calls = emu.kit.requests;
  const limited = calls.findIndex((r) => r.fault === 'rate-limit');
  t.ok(limited >= 0, 'one call was throttled');
  t.ok(calls[limited + 1]!.at - calls[limited]!.at >= 950, 'the next call came after the second asked for');
  t.match(ctx.messages.find((m) => m.level === 'warn')?.message, /answered 429; retry 1/);
});

t.test('5xx bursts are retried', async (t) => {
  const emu = await emulator(t, { orders: 10, faults: { errorBurst: 2 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  t.equal((await readAll(stream, ctx)).records.length, 10);
});

t.test('revoked keys: AUTH_FAILED, not retryable, saying to re-authorize; no secret in the message', async (t) => {
  const emu = await emulator(t, { orders: 10 });
  // Keys made before this moment are revoked from now on.
  await new Promise((resolve) => setTimeout(resolve, 5));
  emu.kit.setFaults({ tokenExpiresAt: Date.now() });
  const config = configFor(emu);
  const { error, logged } = await failure(config);
  t.equal(error.code, 'AUTH_FAILED');
  t.equal(error.retryable, false);
  t.match(error.message, /Consumer key is invalid.*re-authorized/);
  t.notMatch(error.message, String(config.consumerSecret));
  t.notMatch(logged, String(config.consumerSecret));
  t.ok(emu.kit.requests.some((r) => r.fault === 'token-expired'));
});

t.test('errors inside an HTTP 200 (a security plugin\'s habit) are still errors', async (t) => {
  const emu = await emulator(t, { orders: 10, errorsIn200: true });
  const bad = await failure(configFor(emu, { consumerSecret: 'cs_wrong_secret_value' }));
  t.equal(bad.error.code, 'AUTH_FAILED', 'a 401 body in a 200 is a refusal of the keys');
  t.equal(emu.kit.requests.at(-1)?.status, 200);
  // per_page above WooCommerce's 100 (the config schema forbids it; the engine validates first).
  const wide = await failure(configFor(emu, { pageSize: 150 }));
  t.equal(wide.error.code, 'UPSTREAM_REJECTED');
  t.match(wide.error.message, /400 rest_invalid_param.*per_page must be between 1 \(inclusive\) and 100 \(inclusive\)/);
});

t.test('the same errors with their HTTP status', async (t) => {
  const emu = await emulator(t, { orders: 10 });
  const wide = await failure(configFor(emu, { pageSize: 150 }));
  t.equal(wide.error.code, 'UPSTREAM_REJECTED');
  t.match((wide.error as DatongError & { platformCode?: string }).platformCode, 'rest_invalid_param');
  const bad = await failure(configFor(emu, { consumerKey: 'ck_unknown' }));
  t.equal(bad.error.code, 'AUTH_FAILED');
});

t.test('secrets never show: keys in the query are redacted in messages and logs', async (t) => {
  const emu = await emulator(t, { orders: 10, faults: { errorBurst: 1 } });
  const config = configFor(emu, { authMethod: 'query', consumerSecret: 'cs_wrong_but_secret_0123456789' });
  const { error, logged } = await failure(config);
  t.equal(error.code, 'AUTH_FAILED');
  t.notMatch(error.message, 'cs_wrong_but_secret_0123456789');
  t.notMatch(logged, 'cs_wrong_but_secret_0123456789');
  t.match(logged, /consumer_secret=\[redacted\]/, 'the retry log names the request with the secret redacted');
  // With good keys in the query, the read works.
  const { stream, ctx } = await openStream(configFor(emu, { authMethod: 'query' }), 'orders');
  t.equal((await readAll(stream, ctx)).records.length, 10);
});

t.test('PHP notices printed before the JSON are skipped, with a warning', async (t) => {
  const emu = await emulator(t, { orders: 10, phpNotices: true });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  t.equal((await readAll(stream, ctx)).records.length, 10);
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /PHP notices/.test(m.message)));
});

t.test('an HTML page in a 200 is a clear, non-retryable error', async (t) => {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome</body></html>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { error } = await failure({ storeUrl: url, consumerKey: 'ck_x', consumerSecret: 'cs_y' });
  t.equal(error.code, 'BAD_RESPONSE');
  t.equal(error.retryable, false);
  t.match(error.message, /not JSON.*pretty permalinks/);
});

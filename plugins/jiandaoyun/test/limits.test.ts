import { UpstreamError } from '@datong/sdk';
import t from 'tap';
import type { JiandaoyunEmulator } from '../emulator/index.js';
import { calls, customers, customerSpec, jiandaoyun, open } from './helpers/fixtures.js';

/** The most calls an endpoint's accepted answers put into one of the emulator's fixed windows. */
function busiest(emulator: JiandaoyunEmulator, endpoint: string, windowMs: number): number {
  const perWindow = new Map<number, number>();
  for (const r of calls(emulator, endpoint).filter((c) => c.status === 200)) {
    const w = Math.floor(r.at / windowMs);
    perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
  }
  return Math.max(0, ...perWindow.values());
}

t.test('at the documented limits, scaled to a 200 ms window: every record once, no window over its limit', async (t) => {
  // Documented per second: batch_create 10, list 30, global 50. Scaled to 200 ms: 2, 6, 10.
  const windowMs = 200;
  const emulator = await jiandaoyun({ windowMs, globalLimit: 10, endpointLimits: { 'data/batch_create': 2, 'data/list': 6 } });
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec, { rateLimits: { batchCreate: 10, list: 30, global: 50 } });
  const batch = customers(800);
  const started = Date.now();
  const results = (await object.write(batch, ctx)) ?? [];
  const seconds = (Date.now() - started) / 1000;
  t.equal(results.filter((r) => r.sinkId).length, 800, 'every customer written');
  t.ok(batch.every((w) => emulator.countByKey('customers', w.key) === 1), 'once each');
  t.ok(busiest(emulator, 'data/batch_create', windowMs) <= 2, 'no window held more than 2 batch_create calls');
  const refused = emulator.kit.requests.filter((r) => r.status !== 200);
  t.ok(refused.length <= 2, `the buckets kept to the limits: ${refused.length} frequency refusals`);
  t.ok(seconds < 1.2, `8 batch_create calls at 10/s took ${seconds.toFixed(2)} s (look-ups pipelined with them)`);
});

t.test('a platform stricter than configured: 8303 answers are waited out, nothing lost or doubled', async (t) => {
  const windowMs = 200;
  const emulator = await jiandaoyun({ windowMs, endpointLimits: { 'data/batch_create': 1 } });
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec, { rateLimits: { batchCreate: 20 } });
  const batch = customers(500);
  const results = (await object.write(batch, ctx)) ?? [];
  const throttled = calls(emulator, 'data/batch_create').filter((r) => r.status === 400);
  t.ok(throttled.length > 0, `the platform answered 8303 (${throttled.length} times)`);
  t.equal(results.filter((r) => r.sinkId).length, 500, 'every customer written');
  t.equal(emulator.records('customers').length, 500, 'once each');
  t.ok(busiest(emulator, 'data/batch_create', windowMs) <= 1, 'the platform never took two creates in a window');
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /8303/.test(m.message)), 'each retry was logged');
});

t.test('the concurrency limit (HTTP 429) is retried', async (t) => {
  const emulator = await jiandaoyun({ maxConcurrent: 1, processingMs: 80 });
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec, { concurrency: 4 });
  const results = (await object.write(customers(400), ctx)) ?? [];
  t.ok(emulator.kit.requests.some((r) => r.status === 429), 'some calls were answered 429');
  t.equal(results.filter((r) => r.sinkId).length, 400, 'every customer written');
  t.equal(emulator.records('customers').length, 400, 'once each');
});

t.test('a spent call quota stops the write with a typed, non-retryable error', async (t) => {
  const emulator = await jiandaoyun({ quota: 4 });
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec, { concurrency: 1 });
  const error = await object.write(customers(300), ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof UpstreamError, 'an UpstreamError');
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, platformCode: '8302' });
  t.ok(calls(emulator, 'data/batch_create').filter((r) => r.status === 400).length <= 1, 'not retried');
});

t.test('an API key revoked mid-run: the write stops with a clear AUTH error; with a new key the rerun finishes, no duplicate', async (t) => {
  // Jiandaoyun API keys do not expire and cannot be refreshed: an admin deletes one. Calls: widget/list, then look-up, create, look-up...
  const emulator = await jiandaoyun({ revokeKeyAfterCalls: 4, globalLimit: 500, endpointLimits: { 'data/update': 300 } });
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec, { concurrency: 1, rateLimits: { update: 300, global: 500 } });
  const batch = customers(300);
  const error = await object.write(batch, ctx).then(() => undefined, (e: unknown) => e);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, status: 401 });
  t.match(String((error as Error).message), /refused the API key.*check apiKey/);
  t.notMatch(String((error as Error).message), emulator.credentials.apiKey, 'the key is not in the message');
  const before = emulator.records('customers').length;
  t.ok(before > 0 && before < 300, `part of the batch was written (${before})`);

  emulator.issueKey();
  const rerun = await open(emulator, customerSpec, { rateLimits: { update: 300, global: 500 } });
  const results = (await rerun.object.write(batch, rerun.ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId).length, 300, 'the rerun writes the whole batch');
  t.ok(batch.every((w) => emulator.countByKey('customers', w.key) === 1), 'one record per key');
});

import { UpstreamError } from '@datong/sdk';
import t from 'tap';
import type { RequestLogEntry } from '@datong/sdk/emulator';
import { customers, customerSpec, open, u8 } from './helpers/u8-fixtures.js';

/** The most calls the log holds in any window of `ms` (counting from each call). */
function busiest(log: RequestLogEntry[], ms: number): number {
  return Math.max(0, ...log.map((r) => log.filter((o) => o.at >= r.at && o.at < r.at + ms).length));
}

t.test('at the emulator\'s limit the client keeps to it: every record lands once and U8 never throttles', async (t) => {
  const windowMs = 500;
  const emulator = await u8({ settings: { throttleRequests: 10, throttleWindowMs: windowMs } });
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec, { config: { requestsPerWindow: 10, windowMs } });
  const batch = customers(8);

  const results = (await object.write(batch, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 8, 'every customer written');
  t.equal(emulator.dump().customers.length, 8, 'once each');
  t.notOk(emulator.kit.requests.some((r) => r.fault === 'rate-limit'), 'no throttle answer');
  const most = busiest(emulator.kit.requests, windowMs);
  t.ok(most <= 10, `no window of ${windowMs} ms held more than 10 calls (busiest: ${most})`);
});

t.test('a client set faster than U8 allows meets the throttle errcode, waits it out and loses or doubles nothing', async (t) => {
  const emulator = await u8({ settings: { throttleRequests: 10, throttleWindowMs: 300 } });
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec, { config: { requestsPerWindow: 100, windowMs: 300 } });
  const batch = customers(10);

  const results = (await object.write(batch, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 10, 'every customer written');
  for (const { key } of batch) t.same(emulator.countByCode('customer', key), { held: 1, created: 1 }, `${key} once`);
  const throttled = emulator.kit.requests.filter((r) => r.fault === 'rate-limit');
  t.ok(throttled.length > 0, `U8 throttled (${throttled.length} answers)`);
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /throttled the app key \(U8 errcode 30003/.test(m.message)), 'each wait was logged');
});

t.test('a used-up quota stops the write with a typed, non-retryable error', async (t) => {
  const emulator = await u8({ settings: { dailyQuota: 5 } });
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  const error = await object.write(customers(6), ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, platformCode: '30004' });
  t.match((error as Error).message, /call quota is used up.*goes on in a later run/);
});

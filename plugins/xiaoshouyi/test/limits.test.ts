import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { accounts, accountSpec, configFor, TOKEN, xiaoshouyi } from './helpers/fixtures.js';

type Emulator = Awaited<ReturnType<typeof xiaoshouyi>>;

/** The data calls Xiaoshouyi accepted (the frequency limit counts these), by time. */
function accepted(emulator: Emulator): number[] {
  return emulator.kit.requests.filter((r) => `${r.method} ${r.route}` !== TOKEN && r.fault === undefined).map((r) => r.at);
}

/** The most accepted calls in any window of `ms` ending at a call. */
function busiest(times: number[], ms: number): number {
  return Math.max(0, ...times.map((end) => times.filter((at) => at > end - ms && at <= end).length));
}

t.test('at the documented default (10 calls a second) the sink keeps within the limit: no throttle answer at all', async (t) => {
  const emulator = await xiaoshouyi();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(configFor(emulator), ctx)).object(accountSpec);
  const batch = accounts(25);
  const results = (await sink.write(batch, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 25);
  t.equal(emulator.kit.requests.filter((r) => r.fault === 'rate-limit').length, 0, 'never throttled');
  const most = busiest(accepted(emulator), emulator.settings.windowMs);
  t.ok(most <= emulator.settings.requestsPerWindow, `no window held more than ${emulator.settings.requestsPerWindow} calls (busiest: ${most})`);
});

for (const throttleStyle of ['http-429', 'code-in-200'] as const) {
  t.test(`a client set faster than the tenant allows (throttle answered ${throttleStyle}): throttles are waited out, nothing lost or doubled`, async (t) => {
    const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 5, windowMs: 500, throttleStyle } });
    t.teardown(() => emulator.close());
    const ctx = testContext();
    const sink = await (await plugin.sink!.open(configFor(emulator, { requestsPerSecond: 40, concurrency: 6 }), ctx)).object(accountSpec);
    const batch = accounts(15);
    const results = (await sink.write(batch, ctx)) ?? [];
    t.equal(results.filter((r) => r.sinkId !== undefined).length, 15, 'every account written');
    t.ok(batch.every((w) => emulator.countByKey('account', w.key) === 1), 'once each');
    const throttled = emulator.kit.requests.filter((r) => r.fault === 'rate-limit');
    t.ok(throttled.length > 0, `Xiaoshouyi throttled (${throttled.length} times)`);
    t.ok(ctx.messages.some((m) => m.level === 'warn' && /throttled/.test(m.message)), 'each wait was logged');
    t.ok(busiest(accepted(emulator), 500) <= 5, 'the tenant never let more through than its limit');
  });
}

t.test('a spent daily quota stops the write at once with a typed, non-retryable error', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000, dailyLimit: 8 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(configFor(emulator, { requestsPerSecond: 1000 }), ctx)).object(accountSpec);
  const error = await sink.write(accounts(40), ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, platformCode: '430' });
  const quota = emulator.kit.requests.filter((r) => r.fault === 'daily-limit');
  t.ok(quota.length >= 1 && quota.length <= 4, `only the calls already under way met the quota (${quota.length})`);
  t.equal(emulator.store.all('account').length, 7, 'what was written before the quota stays written');
});

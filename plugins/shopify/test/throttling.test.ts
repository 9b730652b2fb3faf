import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll, throttledCalls } from './helpers/shopify.js';

t.test('with a small bucket the client waits instead of being throttled', async (t) => {
  const emu = await emulator(t, { orders: 40, maximumAvailable: 200, restoreRate: 1000 });
  const { stream, ctx } = await openStream(configFor(emu, { lineItemsPageSize: 3 }), 'orders');
  const read = await readAll(stream, ctx);
  t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] }, 'every order read');
  t.equal(throttledCalls(emu), 0, 'no THROTTLED answer in the request log');
  const costs = emu.kit.requests.map((r) => r.path).filter((p) => p.endsWith('graphql.json')).length;
  t.ok(costs > 10, `the shop was paged through in many small queries (${costs})`);
});

t.test('a page that would cost more than 1,000 points is asked for in fewer orders', async (t) => {
  const emu = await emulator(t, { orders: 30 });
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 250, lineItemsPageSize: 50 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 30);
  const errors = emu.kit.requests.filter((r) => r.status !== 200);
  t.same(errors, [], 'no query refused');
  t.equal(throttledCalls(emu), 0);
});

for (const throttleHttpStatus of [200, 429]) {
  t.test(`THROTTLED answers (HTTP ${throttleHttpStatus}) are waited out and retried`, async (t) => {
    const emu = await emulator(t, { orders: 30, restoreRate: 4000, throttleHttpStatus, faults: { rateLimitAfter: 3, rateLimitCalls: 3 } });
    const { stream, ctx } = await openStream(configFor(emu), 'orders');
    const read = await readAll(stream, ctx);
    t.equal(throttledCalls(emu), 3, 'the emulator throttled three calls');
    t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] }, 'still every order');
    const retries = ctx.messages.filter((m) => m.level === 'warn' && /THROTTLED/.test(m.message));
    t.equal(retries.length, 3, 'each throttle logged as a retry');
  });
}

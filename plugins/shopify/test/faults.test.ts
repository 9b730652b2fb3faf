import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll } from './helpers/shopify.js';

t.test('a burst of 503s is retried: nothing missing', async (t) => {
  const emu = await emulator(t, { orders: 40, faults: { errorBurst: 3 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(emu.kit.requests.filter((r) => r.status === 503).length, 3, 'three calls answered 503');
  t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] });
});

t.test('random 5xx on a fifth of the calls: nothing missing', async (t) => {
  const emu = await emulator(t, { customers: 80, seed: 5, faults: { errorRatio: 0.2 } });
  const { stream, ctx } = await openStream(configFor(emu, { pageSize: 10 }), 'customers');
  const read = await readAll(stream, ctx);
  t.ok(emu.kit.requests.some((r) => r.status >= 500), 'some calls failed');
  t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, 'customers')), { missing: [], stale: [] });
});

t.test('a storm of throttles longer than the retries fails the read with a retryable error', async (t) => {
  const emu = await emulator(t, { orders: 20, faults: { rateLimitAfter: 2 } });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const error = await readAll(stream, ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error, 'the read fails');
  t.match(error, { code: 'RATE_LIMITED', retryable: true }, 'retryable: a later run may succeed');
});

t.test('a GraphQL error is a non-retryable UpstreamError quoting Shopify', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  // A saved state whose cursor the platform no longer accepts.
  const error = await readAll(stream, ctx, { state: { pass: { after: Buffer.from('nope').toString('base64') } } }).then(() => undefined, (e: unknown) => e);
  t.match(error, { name: 'UpstreamError', retryable: false, message: /Invalid cursor/ });
  t.equal(emu.kit.requests.filter((r) => r.path.endsWith('graphql.json')).length, 2, 'not retried (the bucket probe and the one query)');
});

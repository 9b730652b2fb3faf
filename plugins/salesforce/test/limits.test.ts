import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import type { SalesforceSinkConnection } from '../src/index.js';
import { calls, contactSpec, customers, oauthConfig, salesforce } from './helpers/salesforce-fixtures.js';

const UPSERT = '/composite/sobjects/:sobject/:externalIdField';

t.test('a throttled org: every contact lands once, throttle answers are waited out, and the sink keeps to the window', async (t) => {
  // Salesforce publishes no per-second limit; the emulator's window stands in for one, scaled down.
  const perWindow = 10;
  const windowMs = 1000;
  const emulator = await salesforce({ settings: { requestsPerWindow: perWindow, windowMs } });
  t.teardown(() => emulator.close());
  // Another integration of the same org has just spent the whole window.
  for (let i = 0; i < perWindow; i++) {
    await fetch(`${emulator.url}/services/data/v62.0/limits`, { headers: { authorization: `Bearer ${emulator.credentials.accessToken}` } });
  }
  const ctx = testContext();
  const connection = await plugin.sink!.open(oauthConfig(emulator, { maxRequestsPerSecond: perWindow, concurrency: 3, bulkThreshold: 100_000 }), ctx);
  const contacts = await connection.object(contactSpec);
  const people = customers(2400, 'paced');

  const results = (await contacts.write(people, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId).length, 2400, 'every contact written');
  t.equal(emulator.keyed('Contact').length, 2400, 'once each');
  const mine = emulator.kit.requests.slice(perWindow).filter((r) => r.route !== '/services/oauth2/token');
  const throttled = mine.filter((r) => r.status === 403);
  t.ok(throttled.length >= 1, `the org answered 403 REQUEST_LIMIT_EXCEEDED ConcurrentPerOrgLongTxn (${throttled.length} times)`);
  t.ok(throttled.every((r) => r.fault === 'rate-limit'));
  t.equal(calls(emulator, UPSERT).filter((r) => r.status === 200).length, 12, 'twelve collections of 200 succeeded');
  const busiest = Math.max(...mine.map((r) => mine.filter((o) => o.at > r.at - windowMs && o.at <= r.at).length));
  t.ok(busiest <= perWindow, `no rolling window held more of the sink's calls than the ${perWindow} allowed (busiest: ${busiest})`);
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /concurrent requests/.test(m.message)), 'each retry was logged');
});

t.test('the 24-hour request limit stops the write at once: a typed, non-retryable error, and a rerun finishes it', async (t) => {
  const emulator = await salesforce({ settings: { dailyLimit: 4 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const contacts = await (await plugin.sink!.open(oauthConfig(emulator, { concurrency: 2, bulkThreshold: 100_000 }), ctx)).object(contactSpec);
  const people = customers(2000, 'daily');
  const error = await contacts.write(people, ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof UpstreamError, 'an UpstreamError');
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, status: 403, platformCode: 'REQUEST_LIMIT_EXCEEDED' });
  t.match((error as Error).message, /24-hour API request limit is used up \(403 REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded\.\)/);
  const upserts = calls(emulator, UPSERT);
  const first = upserts.findIndex((r) => r.status === 403);
  t.ok(upserts.length - first <= 2, `no call after the limit but the one already under way (${upserts.length - first - 1})`);
  t.equal(emulator.keyed('Contact').length, 800, 'what was written before the limit stays written');

  // The next day the rerun writes the same batch again: nothing lost, nothing doubled.
  await fetch(`${emulator.url}/_emulator/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dailyLimit: 100 }) });
  await fetch(`${emulator.url}/_emulator/reset-limits`, { method: 'POST' });
  await contacts.write(people, ctx);
  t.equal(emulator.keyed('Contact').length, 2000, 'the whole batch is in Salesforce once');
});

t.test('Sforce-Limit-Info: the latest usage is kept, and a warning is logged once past usageWarnPercent', async (t) => {
  const emulator = await salesforce({ settings: { dailyLimit: 10 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = (await plugin.sink!.open(oauthConfig(emulator, { usageWarnPercent: 50 }), ctx)) as SalesforceSinkConnection;
  for (let i = 0; i < 7; i++) await connection.check();
  t.same(connection.apiUsage, { used: 7, limit: 10 }, 'the latest api-usage');
  const warnings = ctx.messages.filter((m) => m.level === 'warn' && /API requests in the last 24 hours/.test(m.message));
  t.equal(warnings.length, 1, 'one warning');
  t.match(warnings[0]!.message, /used 5 of its 10/);
});

import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { config, contactSpec, customers, zoho } from './helpers/zoho-fixtures.js';

t.test('a window of calls already spent: 429s are waited out, every record lands once, the window is kept', async (t) => {
  const perWindow = 10;
  const windowMs = 1000;
  const emulator = await zoho({ settings: { requestsPerWindow: perWindow, windowMs } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator, { requestsPerWindow: perWindow, rateWindowMs: windowMs }), ctx)).object(contactSpec);
  // Another app of the same account has just spent the whole window.
  const token = JSON.parse((await (await fetch(`${emulator.url}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emulator.credentials.clientId, client_secret: emulator.credentials.clientSecret, refresh_token: emulator.credentials.refreshToken }),
  })).text()) as string).access_token as string;
  for (let i = 0; i < perWindow; i++) await fetch(`${emulator.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
  const before = emulator.kit.requests.length;

  const people = customers(800, 'rl');
  const results = (await sink.write(people, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId).length, 800, 'every contact written');
  t.ok(people.every((p) => emulator.countByKey('Contacts', p.key) === 1), 'once each');
  const log = emulator.kit.requests.slice(before).filter((r) => r.route !== '/oauth/v2/token');
  const throttled = log.filter((r) => r.status === 429);
  t.ok(throttled.length > 0, `Zoho answered 429 TOO_MANY_REQUESTS (${throttled.length} times), and each was retried`);
  t.equal(log.filter((r) => r.status === 200 && r.route === '/crm/:version/:module/upsert').length, 8, 'eight upserts of 100 went through');
  const accepted = log.filter((r) => r.status !== 429);
  const busiest = Math.max(...accepted.map((r) => accepted.filter((o) => o.at > r.at - windowMs && o.at <= r.at).length));
  t.ok(busiest <= perWindow, `no window of ${windowMs} ms held more than ${perWindow} of the sink's calls (busiest: ${busiest})`);
});

t.test('over the concurrency cap Zoho answers 429; the sink retries and nothing is lost', async (t) => {
  const emulator = await zoho({ settings: { concurrencyLimit: 2, latencyMs: 150 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator, { concurrency: 4 }), ctx)).object(contactSpec);
  const people = customers(600, 'cc');
  const results = (await sink.write(people, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId).length, 600, 'every contact written');
  t.equal(emulator.keyed('Contacts').length, 600, 'once each');
  t.ok(emulator.kit.requests.some((r) => r.fault === 'concurrency'), 'the cap was hit and waited out');
  t.ok(emulator.limits.peakInFlight <= 2, 'Zoho never served more than its cap at once');
});

t.test('API credits exhausted: a typed stop, no retry, what was written stays', async (t) => {
  const emulator = await zoho({ settings: { dailyCredits: 3 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator, { concurrency: 1 }), ctx)).object(contactSpec);
  const error = await sink.write(customers(500, 'cr'), ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, status: 429, platformCode: 'LIMIT_EXCEEDED' });
  t.match((error as Error).message, /API credits exhausted/);
  t.equal(emulator.keyed('Contacts').length, 300, 'the three upserts before the limit stay written');
  t.equal(emulator.kit.requests.filter((r) => r.status === 429).length, 1, 'one refused call, not retried');
});

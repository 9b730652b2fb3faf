import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, contacts, contactSpec, datongRecords, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

t.test('a ten-second limit storm: every contact lands, 429s are retried, and the limiter keeps to the window it learns', async (t) => {
  const burst = 10;
  const intervalMs = 1000;
  const emulator = await hubspot({ settings: { burst, intervalMs } });
  t.teardown(() => emulator.close());
  // Another app of the same account has just spent the whole window.
  for (let i = 0; i < burst; i++) {
    await fetch(`${emulator.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: `Bearer ${emulator.credentials.accessToken}` } });
  }
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object(contactSpec);
  const people = contacts(1000);

  const results = (await sink.write(people, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 1000, 'every contact written');
  t.equal(datongRecords(emulator, 'contacts').length, 1000, 'once each');

  const log = emulator.kit.requests.slice(burst);
  const limited = log.filter((r) => r.status === 429);
  t.ok(limited.length > 0, `HubSpot answered 429 (${limited.length} times)`);
  t.ok(limited.every((r) => r.fault === 'rate-limit'), 'all of them the ten-secondly limit');
  t.ok(limited.length <= 10, 'the limiter paused instead of hammering the exhausted window');
  t.equal(calls(emulator, '/contacts/batch/upsert').filter((r) => r.status === 200).length, 10, 'ten upserts of 100 succeeded');
  const first = log.indexOf(limited[0]!);
  const busiest = Math.max(...log.slice(first).map((r) => log.filter((o) => o.at > r.at - intervalMs && o.at <= r.at).length));
  t.ok(busiest <= burst, `after the first 429 no window held more calls than the ${burst} HubSpot allows (busiest: ${busiest})`);
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /TEN_SECONDLY_ROLLING/.test(m.message)), 'each retry was logged');
});

t.test('the daily limit stops the write at once: a typed, non-retryable error, and no call after it', async (t) => {
  // Opening contacts takes 4 calls (the property list, and datong's three properties created), then 9 upserts fit.
  const emulator = await hubspot({ settings: { dailyLimit: 13 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object(contactSpec);
  const people = contacts(2000);

  const error = await sink.write(people, ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof UpstreamError, 'an UpstreamError');
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, status: 429 });
  t.equal(
    (error as Error).message,
    "HubSpot daily API limit reached (13 calls); the stage stopped with its progress saved — it resumes on the next run after the limit resets (midnight in the account's time zone)",
  );
  const upserts = calls(emulator, '/contacts/batch/upsert');
  const firstDaily = upserts.findIndex((r) => r.status === 429);
  const after = upserts.slice(firstDaily + 1);
  t.ok(after.every((r) => r.status === 429), 'calls after the first DAILY answer were only those already under way');
  t.ok(after.length <= 2, `at most the other two of three concurrent calls (${after.length})`);
  const sent = upserts.map((r) => (r.body as { inputs: { id: string }[] }).inputs[0]!.id);
  t.equal(new Set(sent).size, sent.length, 'no batch was sent twice: nothing was retried');
  t.equal(datongRecords(emulator, 'contacts').length, 900, 'what was written before the limit stays written');

  // After midnight the next run writes the same batch again: nothing is lost, nothing doubled.
  await fetch(`${emulator.url}/_emulator/settings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dailyLimit: 100 }) });
  await fetch(`${emulator.url}/_emulator/reset-daily`, { method: 'POST' });
  await sink.write(people, ctx);
  t.equal(datongRecords(emulator, 'contacts').length, 2000, 'the next day the whole batch is in HubSpot once');
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import type { KingdeeEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';
import { calls, customers, customerSpec, held, kingdee, sinkConfig, write } from './helpers/kingdee-fixtures.js';

t.test('a session lost mid-run (MsgCode 1): one new login, the call resent, nothing lost or doubled', async (t) => {
  const emulator = await kingdee({ settings: { expireSessionsAfterCalls: 3 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const object = await (await plugin.sink!.open(sinkConfig(emulator, { batchSize: 2 }), ctx)).object(customerSpec);
  const people = customers(6, 'expiry');
  const results = await write(object, people, ctx);
  t.ok(results.every((r) => r.sinkId), 'every record written');
  t.equal(calls(emulator, 'LoginBySign').length, 2, 'the first login and exactly one more');
  t.ok(emulator.kit.requests.some((r) => r.fault === 'token-expired'), 'the emulator did refuse a lost session');
  for (const p of people) t.equal(emulator.countByNumber('BD_Customer', p.key), 1, `one ${p.key}`);
  t.notMatch(JSON.stringify(ctx.messages), emulator.credentials.appSecret, 'the secret is never logged');
});

t.test('bad credentials: a clear, non-retryable auth error', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const wrongSecret = await plugin.sink!.open(sinkConfig(emulator, { appSecret: 'test-wrong-app-secret-0000' }), testContext());
  await t.rejects(wrongSecret.check!(), { code: 'AUTH_FAILED', retryable: false, message: /refused the login.*credentials/ });
  const wrongAccount = await plugin.sink!.open(sinkConfig(emulator, { acctId: '000000000000000' }), testContext());
  await t.rejects(wrongAccount.check!(), { code: 'AUTH_FAILED', retryable: false, message: /thirty passport.*acctId/ });
  t.equal(calls(emulator, 'LoginBySign').length, 2, 'each tried once, no retry');
});

/** The most calls the emulator received in any window of `windowMs` (as its throttle counts: (end - windowMs, end]). */
function busiestWindow(emulator: KingdeeEmulator, windowMs: number): number {
  const at = emulator.kit.requests.map((r) => r.at);
  return Math.max(0, ...at.map((end) => at.filter((x) => x > end - windowMs && x <= end).length));
}

t.test('rate limits: the client keeps to the window; MsgCode 14 answers are waited out', async (t) => {
  const windowMs = 400;
  const emulator = await kingdee({ settings: { throttleRequests: 5, throttleWindowMs: windowMs } });
  t.teardown(() => emulator.close());
  let ctx = testContext();
  const paced = await (await plugin.sink!.open(sinkConfig(emulator, { batchSize: 2, requestsPerWindow: 5, windowMs }), ctx)).object(customerSpec);
  const first = customers(8, 'paced');
  t.ok((await write(paced, first, ctx)).every((r) => r.sinkId), 'a write of four BatchSaves (plus look-ups and a login) finished');
  t.equal(emulator.kit.requests.filter((r) => r.fault === 'rate-limit').length, 0, 'paced to the limit, it was never throttled');
  t.ok(busiestWindow(emulator, windowMs) <= 5, `never more than 5 calls in ${windowMs} ms`, { found: busiestWindow(emulator, windowMs) });

  // A client configured far above the site's limit is throttled (MsgCode 14) and waits.
  emulator.kit.requests.length = 0;
  ctx = testContext();
  const eager = await (await plugin.sink!.open(sinkConfig(emulator, { batchSize: 2, requestsPerWindow: 1000, throttleBackoffMs: 150 }), ctx)).object(customerSpec);
  const second = customers(8, 'eager');
  t.ok((await write(eager, second, ctx)).every((r) => r.sinkId), 'the throttled write finished');
  t.ok(emulator.kit.requests.some((r) => r.fault === 'rate-limit'), 'MsgCode 14 was answered');
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /MsgCode 14/.test(m.message)), 'and waited out (logged)');
  for (const p of [...first, ...second]) t.equal(emulator.countByNumber('BD_Customer', p.key), 1, `one ${p.key}`);
  t.equal(held(emulator, 'BD_Customer').length, 16, 'nothing lost');
});

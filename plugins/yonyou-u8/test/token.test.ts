import { DatongError, MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, config, customers, customerSpec, open, u8 } from './helpers/u8-fixtures.js';

t.test('a token that dies mid-write is fetched again once, and nothing is lost or doubled', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  // Every token issued so far expires after 9 more calls: in the middle of the look-ups and adds, four under way at once.
  emulator.settings.expireTokensAfterCalls = 9;
  const batch = customers(12);

  const results = (await object.write(batch, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 12, 'every customer written');
  t.equal(emulator.dump().customers.length, 12, 'once each');
  for (const { key } of batch) t.equal(emulator.countByCode('customer', key).created, 1, `${key} made by one add`);
  const expired = emulator.kit.requests.filter((r) => r.fault?.includes('token-expired'));
  t.ok(expired.length >= 1, `U8 answered the expired-token errcode (${expired.length} calls under way)`);
  t.equal(calls(emulator, '/system/token').length, 2, 'those calls shared one new token: two token calls in all');
  t.ok(ctx.messages.every((m) => !JSON.stringify(m).includes(emulator.credentials.appSecret)), 'the app secret is in no log line');
});

t.test('the token lives its lifetime: renewed before it expires, and kept (encrypted) for the next run', async (t) => {
  const emulator = await u8({ settings: { tokenTtlSeconds: 1 } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const { object, ctx } = await open(emulator, customerSpec, { ctx: testContext({ state }) });
  await object.write(customers(2), ctx);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await object.write(customers(2), ctx);
  t.equal(calls(emulator, '/system/token').length, 2, 'a new token before the old one ran out');
  t.notOk(emulator.kit.requests.some((r) => r.fault?.includes('token-expired')), 'no call was sent with an expired token');
  t.equal([...state.secrets.keys()].length, 1, 'the token is kept through setSecret (encrypted in the store)');
  t.notOk([...state.values.values()].some((v) => JSON.stringify(v).includes(String(state.secrets.values().next().value))), 'and not as a plain value');
});

t.test('the auth scheme is the documented one: the secret only to /system/token, the token in the query of every other call', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  await object.write(customers(1), ctx);
  const [token, ...rest] = emulator.kit.requests;
  // The documented request (U8 open platform, "获取token"): GET /system/token?from_account=&app_key=&app_secret=
  t.equal(token!.method, 'GET');
  t.equal(token!.path, '/system/token');
  t.same(Object.keys(token!.query).sort(), ['app_key', 'app_secret', 'from_account']);
  for (const call of rest) {
    t.equal(call.query.token, '[present]', `${call.method} ${call.path} carries the token`);
    t.notOk('app_secret' in call.query, `${call.path} does not carry the secret`);
  }
  const add = calls(emulator, '/api/customer/add')[0]!;
  t.same(Object.keys(add.query).sort(), ['app_key', 'from_account', 'sync', 'to_account', 'token', 'tradeid'], 'an add: the common parameters, tradeid (never biz_id as well) and sync');
  t.equal(add.query.sync, '1', 'synchronous');
  t.same(Object.keys(add.body as object), ['customer'], 'the body is wrapped in the resource name');
  t.notOk('tradeid' in calls(emulator, '/api/customer/get')[0]!.query, 'a look-up carries no tradeid');
});

t.test('bad credentials fail clearly: a typed, non-retryable error without the secret', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const secret = 'test-app-secret-0001';
  const connection = await plugin.sink!.open(config(emulator, { appSecret: secret }), ctx);
  const error = await connection.check!().then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof DatongError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '30001' });
  t.match((error as Error).message, /refused the app credentials \(errcode 30001: .*\).*app_secret=\[redacted\].*check fromAccount, appKey and appSecret/);
  t.notOk((error as Error).message.includes(secret), 'the secret is not in the message');
  t.notOk(JSON.stringify(ctx.messages).includes(secret), 'nor in any log line');
});

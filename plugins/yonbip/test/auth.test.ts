import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin, { tokenSignature } from '../src/index.js';
import { calls, config, customers, customerSpec, yonbip } from './helpers/yonbip-fixtures.js';

t.test('the token signature matches a value computed with openssl', async (t) => {
  // No worked example with numbers is published (the official corp-demo SignHelper.java has the
  // algorithm but no test vector), so the expected value comes from openssl:
  //   printf '%s' 'appKeytest-app-key-0001timestamp1700000000000' \
  //     | openssl dgst -sha256 -hmac 'test-app-secret-0001' -binary | base64
  //   → fyFonUWXjZhKvErPWXLDZ2x2aAKDoPKtEtTQFwM+l6o=
  const signature = tokenSignature({ timestamp: '1700000000000', appKey: 'test-app-key-0001' }, 'test-app-secret-0001');
  t.equal(signature, 'fyFonUWXjZhKvErPWXLDZ2x2aAKDoPKtEtTQFwM+l6o=', 'parameters sorted by name, name+value, raw HMAC bytes in Base64');
  t.equal(encodeURIComponent(signature), 'fyFonUWXjZhKvErPWXLDZ2x2aAKDoPKtEtTQFwM%2Bl6o%3D', 'URL-encoded once on the wire, as SignHelper does');
});

t.test('the emulator checks the signature: right once-encoded, right twice-encoded, wrong refused', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const { appKey, appSecret } = emulator.credentials;
  const timestamp = String(Date.now());
  const signature = tokenSignature({ appKey, timestamp }, appSecret);
  const ask = async (sig: string) => {
    const response = await fetch(`${emulator.url}/iuap-api-auth/open-auth/selfAppAuth/base/v1/getAccessToken?appKey=${appKey}&timestamp=${timestamp}&signature=${sig}`);
    return (await response.json()) as { code: string };
  };
  t.equal((await ask(encodeURIComponent(signature))).code, '00000', 'encoded once');
  t.equal((await ask(encodeURIComponent(encodeURIComponent(signature)))).code, '00000', 'encoded twice (one URL-decode tolerated)');
  t.equal((await ask(encodeURIComponent(tokenSignature({ appKey, timestamp }, 'test-app-secret-wrong')))).code, '10012', 'a wrong secret is refused');
  const legacy = await fetch(`${emulator.url}/yonbip/digitalModel/merchant/nosuchcall?access_token=x`, { method: 'POST' });
  t.equal(legacy.status, 404, 'an unregistered path is HTTP 404');
  t.match(await legacy.json(), { code: '310404' }, 'with 310404, before the token is looked at');
});

t.test('a token that dies mid-write is renewed once, and nothing is lost or doubled', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator), ctx)).object(customerSpec);
  await sink.write(customers(1, 'warm'), ctx);
  t.equal(emulator.tokens.issuedCount, 1, 'the first call fetched a token');
  t.ok(calls(emulator, '/open-auth/dataCenter/getGatewayAddress').length === 1, 'the gateway was discovered once');

  emulator.settings.expireTokensAfterCalls = 3;
  const batch = customers(8);
  const results = await sink.write(batch, ctx);
  t.equal(results?.filter((r) => r.sinkId !== undefined).length, 8, 'every customer written');
  t.ok(emulator.kit.requests.some((r) => r.fault === 'token-expired'), 'YonBIP answered 310036 mid-write');
  t.equal(emulator.tokens.issuedCount, 2, 'the calls under way shared one renewal');
  for (const { key } of batch) t.equal(emulator.store.creations.get(`customers:${key}`), 1, `${key} created once`);
  const token = calls(emulator, '/yonbip/digitalModel/merchant/newlist').at(-1)?.query.access_token;
  t.equal(token, '[present]', 'the token travels in the query string');
});

t.test('the token is kept encrypted for the next run, and a token near its end is renewed before use', async (t) => {
  const emulator = await yonbip({ tokenTtlSeconds: 2 });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator), ctx);
  await connection.check!();
  t.ok(await ctx.state.getSecret('yonbip.access_token'), 'stored with setSecret');
  const next = testContext({ state: ctx.state });
  const sink = await (await plugin.sink!.open(config(emulator), next)).object(customerSpec);
  await sink.write(customers(1), next);
  t.equal(emulator.tokens.issuedCount, 1, 'the next connection reused the stored token');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await sink.write(customers(1, 'later'), next);
  t.equal(emulator.tokens.issuedCount, 2, 'renewed before it ran out, not after a refusal');
  t.notOk(emulator.kit.requests.some((r) => r.fault === 'token-expired'), 'no call was refused');
});

t.test('bad credentials and a bad tenant fail clearly', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const error = await (await plugin.sink!.open(config(emulator, { appKey: 'test-app-key-unknown' }), testContext())).check!().catch((e: unknown) => e);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '10018' });
  const tenant = await (await plugin.sink!.open(config(emulator, { tenantId: 'nobody' }), testContext())).check!().catch((e: unknown) => e);
  t.match((tenant as Error).message, /tenantId/);
});

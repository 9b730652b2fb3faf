import { MemoryPluginState, UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { forgetProcessTokens } from '../src/access-token.js';
import { WechatClient } from '../src/wechat-client.js';
import { resolveConfig } from '../src/wechat-config.js';
import { configFor, emulator } from './helpers/wechat.js';

const ONE_ID = { update_time_range: { start_time: 1_700_000_000, end_time: 1_700_000_100 }, page_size: 1 };

function clientFor(config: Record<string, unknown>, state = new MemoryPluginState()) {
  const ctx = testContext({ state });
  return { client: new WechatClient(resolveConfig(config as never), ctx), ctx, state };
}

t.test('concurrent requests from a cold start share one token request', async (t) => {
  const emu = await emulator(t);
  const { client, state } = clientFor(configFor(emu));
  await Promise.all(Array.from({ length: 12 }, () => client.post('/channels/ec/order/list/get', ONE_ID)));
  t.equal(emu.tokens.requests, 1, 'twelve concurrent calls, one /cgi-bin/token');
  const stored = JSON.parse((await state.getSecret(`wechat.access_token.${emu.credentials.appId}`))!);
  t.equal(typeof stored.token, 'string', 'the token is kept in the state store (encrypted by setSecret)');
  t.ok(stored.expiresAt > Date.now() + 7000_000, 'with its expiry, 7200 s ahead');
  t.notMatch(JSON.stringify(stored), emu.credentials.appSecret, 'the AppSecret is not stored');
});

t.test('another connection of the same process reuses the token', async (t) => {
  const emu = await emulator(t);
  await clientFor(configFor(emu)).client.post('/channels/ec/order/list/get', ONE_ID);
  await clientFor(configFor(emu)).client.post('/channels/ec/order/list/get', ONE_ID);
  t.equal(emu.tokens.requests, 1);
});

t.test('another process finds the stored token and asks for none', async (t) => {
  const emu = await emulator(t);
  const state = new MemoryPluginState();
  await clientFor(configFor(emu), state).client.post('/channels/ec/order/list/get', ONE_ID);
  forgetProcessTokens(); // a new process: nothing in memory, the same store
  await clientFor(configFor(emu), state).client.post('/channels/ec/order/list/get', ONE_ID);
  t.equal(emu.tokens.requests, 1, 'the second process took the stored token');
  forgetProcessTokens();
  await clientFor(configFor(emu), new MemoryPluginState()).client.post('/channels/ec/order/list/get', ONE_ID);
  t.equal(emu.tokens.requests, 2, 'a process with another store must ask');
  forgetProcessTokens();
  await clientFor(configFor(emu, { appSecret: `${emu.credentials.appSecret}x` }), state).client.post('/channels/ec/order/list/get', ONE_ID).catch(() => undefined);
  t.equal(emu.tokens.requests, 2, 'a stored token is not lent to other credentials (they are refused before any token is issued)');
});

t.test('the emulator: a new token supersedes the old one after a 5-minute grace', async (t) => {
  let now = Date.now();
  const emu = await emulator(t, { now: () => now });
  const get = async (token: string) => (await fetch(`${emu.url}/channels/ec/order/list/get?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ONE_ID) })).json() as Promise<{ errcode: number }>;
  const issue = async () => ((await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${emu.credentials.appId}&secret=${emu.credentials.appSecret}`)).json()) as { access_token: string; expires_in: number });
  const first = await issue();
  t.equal(first.expires_in, 7200);
  t.equal((await get(first.access_token)).errcode, 0);
  now += 60_000;
  const second = await issue();
  t.equal((await get(first.access_token)).errcode, 0, 'the old token still works just after');
  now += 299_000;
  t.equal((await get(first.access_token)).errcode, 0, 'and 4:59 after');
  now += 1_000;
  t.equal((await get(first.access_token)).errcode, 40001, 'then it is refused as not the latest');
  t.equal((await get(second.access_token)).errcode, 0, 'the new one works');
  now += 7_200_000;
  t.equal((await get(second.access_token)).errcode, 42001, 'a token past 7200 s has expired');
});

t.test('an expired token is renewed once, single-flight, and the calls go on', async (t) => {
  const emu = await emulator(t);
  const { client } = clientFor(configFor(emu));
  await client.post('/channels/ec/order/list/get', ONE_ID);
  emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() });
  await Promise.all(Array.from({ length: 8 }, () => client.post('/channels/ec/order/list/get', ONE_ID)));
  t.equal(emu.tokens.requests, 2, 'eight calls refused with 42001, one renewal');
  t.ok(emu.kit.requests.some((r) => r.fault === 'token-expired'), 'the emulator did answer 42001');
});

t.test('a token refused after another process renewed it: the stored one is taken, no new request', async (t) => {
  let now = Date.now();
  const emu = await emulator(t, { now: () => now });
  const state = new MemoryPluginState();
  const a = clientFor(configFor(emu), state).client;
  await a.post('/channels/ec/order/list/get', ONE_ID);
  // Process B finds A's token refused (as if it had expired for B) and renews it into the shared store.
  const b = clientFor(configFor(emu), state);
  forgetProcessTokens();
  const bClient = new WechatClient(resolveConfig(configFor(emu) as never), b.ctx);
  await bClient.auth.refresh(a.auth.current());
  t.equal(emu.tokens.requests, 2);
  now += 301_000; // A's token is past its grace now
  await a.post('/channels/ec/order/list/get', ONE_ID);
  t.equal(emu.tokens.requests, 2, "A was refused (40001), took B's token from the store, and asked for none");
});

t.test('a token managed elsewhere is never renewed: refused, it says to re-authorize', async (t) => {
  const emu = await emulator(t);
  const { client } = clientFor({ appId: emu.credentials.appId, accessToken: 'stale-token-from-elsewhere', baseUrl: emu.url });
  const error = await client.post('/channels/ec/order/list/get', ONE_ID).catch((e: unknown) => e);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '40001', message: /re-authorize/ });
  t.notMatch((error as Error).message, 'stale-token-from-elsewhere', 'the token is not in the message');
  t.equal(emu.tokens.requests, 0, 'no token was asked for');
});

import { DatongError, MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { REFRESH_TOKEN_STATE_KEY } from '../src/xiaoshouyi-auth.js';
import type { XiaoshouyiSinkConnection } from '../src/xiaoshouyi-sink-connection.js';
import { accounts, accountSpec, calls, configFor, TOKEN, xiaoshouyi } from './helpers/fixtures.js';

type Emulator = Awaited<ReturnType<typeof xiaoshouyi>>;

async function open(emulator: Emulator, state = new MemoryPluginState()) {
  const ctx = testContext({ state });
  const connection = (await plugin.sink!.open(configFor(emulator, { requestsPerSecond: 1000 }), ctx)) as XiaoshouyiSinkConnection;
  return { ctx, connection, sink: await connection.object(accountSpec) };
}

for (const expiredTokenStyle of ['http-401', 'code-in-200'] as const) {
  t.test(`a token that dies mid-write (answered ${expiredTokenStyle}) is refreshed once; nothing is lost or doubled`, async (t) => {
    const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000, expiredTokenStyle } });
    t.teardown(() => emulator.close());
    const { ctx, connection, sink } = await open(emulator);
    await connection.check();
    // Five calls into the write, every token issued so far dies; four calls are under way at once.
    emulator.settings.expireTokensAfterCalls = 5;
    const batch = accounts(30);
    const results = (await sink.write(batch, ctx)) ?? [];
    t.equal(results.filter((r) => r.sinkId !== undefined).length, 30, 'every account written');
    t.ok(batch.every((w) => emulator.countByKey('account', w.key) === 1), 'once each');
    t.ok(emulator.kit.requests.some((r) => r.fault === 'token-expired'), 'Xiaoshouyi answered that the token was dead');
    t.same(emulator.tokens.grants, { password: 1, refresh_token: 1 }, 'one password sign-in, then exactly one refresh shared by the calls under way');
    t.same(connection.client.auth.grants, { password: 1, refresh_token: 1 });
  });
}

t.test('a refused refresh token falls back to the password grant', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000 } });
  t.teardown(() => emulator.close());
  const { ctx, sink } = await open(emulator);
  await sink.write(accounts(2), ctx);
  await fetch(`${emulator.url}/_emulator/revoke-refresh-tokens`, { method: 'POST' });
  await fetch(`${emulator.url}/_emulator/expire-tokens`, { method: 'POST' });
  const results = (await sink.write(accounts(4), ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 4);
  t.same(emulator.tokens.grants, { password: 2, refresh_token: 0 }, 'the refresh grant was refused, so the sink signed in again');
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /refresh token was refused/.test(m.message)), 'and said so');
});

t.test('a rotated refresh token is kept encrypted in the state; the next run starts from it', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000, rotateRefreshTokens: true } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const first = await open(emulator, state);
  await first.connection.check();
  const signedIn = await state.getSecret(REFRESH_TOKEN_STATE_KEY);
  t.ok(signedIn, 'the password grant’s refresh token is stored');
  await fetch(`${emulator.url}/_emulator/expire-tokens`, { method: 'POST' });
  await first.connection.check();
  const rotated = await state.getSecret(REFRESH_TOKEN_STATE_KEY);
  t.not(rotated, signedIn, 'the refresh rotated it');
  t.same(emulator.tokens.validRefreshTokens(), [rotated], 'the stored one is the one Xiaoshouyi accepts now');
  t.equal(state.values.size, 0, 'nothing stored as a plain value');

  const next = await open(emulator, state);
  await next.connection.check();
  t.same(next.connection.client.auth.grants, { password: 0, refresh_token: 1 }, 'the next run refreshed from the stored token, no password sign-in');
  for (const token of emulator.tokens.issuedAccessTokens()) t.notOk(JSON.stringify(first.ctx.messages).includes(token), 'no token in any log line');
});

t.test('the password grant sends password + security token, as the official manual’s worked example shows', async (t) => {
  // Xiaoshouyi OpenAPI manual (v2011), password grant: "password = 账号密码 + 8位安全令牌（例如：密码123456，
  // 安全令牌ABCDEFGH → 123456ABCDEFGH）". Concatenation, no separator. Checked by hand with:
  //   printf '%s%s' 123456 ABCDEFGH   # → 123456ABCDEFGH
  const emulator = await xiaoshouyi({ credentials: { password: '123456', securityToken: 'ABCDEFGH' } });
  t.teardown(() => emulator.close());
  const { connection } = await open(emulator);
  await connection.check();
  t.equal(calls(emulator, TOKEN).at(-1)?.status, 200, 'the sink’s grant was accepted');

  const grant = (password: string) =>
    fetch(`${emulator.url}/oauth2/token.action`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', client_id: emulator.credentials.clientId, client_secret: emulator.credentials.clientSecret, redirect_uri: emulator.credentials.redirectUri, username: emulator.credentials.username, password }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
  t.match(await grant('123456ABCDEFGH'), { status: 200, body: { token_type: 'Bearer', access_token: /./, refresh_token: /./ } }, 'the emulator takes the documented value');
  t.match(await grant('123456'), { status: 400, body: { error: 'invalid_grant' } }, 'and refuses the password without its token');
});

t.test('wrong credentials: a clear, non-retryable AUTH error without any secret', async (t) => {
  const emulator = await xiaoshouyi();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const config = configFor(emulator, { password: 'test-wrong-password-0001' });
  const error = await (await plugin.sink!.open(config, ctx)).check!().then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof DatongError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: 'invalid_grant' });
  t.match((error as Error).message, /refused the credentials of the password grant \(invalid_grant/);
  for (const secret of ['test-wrong-password-0001', emulator.credentials.clientSecret, emulator.credentials.securityToken]) {
    t.notOk((error as Error).message.includes(secret), 'no secret in the message');
  }
});

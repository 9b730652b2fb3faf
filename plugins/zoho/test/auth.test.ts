import { DatongError, MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin, { clearTokenCache, TOKEN_STATE_KEY } from '../src/index.js';
import { config, contactSpec, customers, zoho } from './helpers/zoho-fixtures.js';

t.test('a token that dies mid-write is refreshed once; nothing is lost or doubled', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator), ctx)).object(contactSpec);
  const people = customers(500, 'exp');
  // Two upserts pass, then every token issued so far answers INVALID_TOKEN; four are under way at once.
  emulator.settings.expireTokensAfterCalls = 2;
  const results = (await sink.write(people, ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 500, 'every contact written');
  t.ok(emulator.kit.requests.some((r) => r.status === 401), 'Zoho answered 401 INVALID_TOKEN');
  t.equal(emulator.accounts.grants, 2, 'one token at the start, exactly one refresh after');
  t.equal(emulator.keyed('Contacts').length, 500, '500 contacts');
  t.ok(people.every((p) => emulator.countByKey('Contacts', p.key) === 1), 'one per key');
});

t.test('connections opening at once mint one token; the next process reuses it from the state store', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const ctxs = Array.from({ length: 12 }, () => testContext({ state }));
  await Promise.all(ctxs.map(async (ctx) => (await plugin.sink!.open(config(emulator), ctx)).check!()));
  t.equal(emulator.accounts.grants, 1, 'twelve connections, one access token (Zoho allows 10 per 10 minutes)');
  const stored = await state.getSecret(TOKEN_STATE_KEY);
  t.ok(stored, 'the token is kept with setSecret (encrypted by the store)');
  t.equal(state.values.size, 0, 'and nothing as a plain value');

  // A new process: nothing in memory, the same store.
  clearTokenCache();
  await (await plugin.sink!.open(config(emulator), testContext({ state }))).check!();
  t.equal(emulator.accounts.grants, 1, 'the next run reused the live token instead of minting one');

  // The token expires: the next process mints exactly one.
  emulator.accounts.expireAll();
  clearTokenCache();
  const later = testContext({ state });
  const sink = await (await plugin.sink!.open(config(emulator), later)).object(contactSpec);
  await sink.write(customers(2, 'later'), later);
  t.equal(emulator.accounts.grants, 2, 'a dead stored token is replaced once (after its 401 INVALID_TOKEN)');
});

t.test('Zoho\'s Access Denied on the token endpoint stops with a clear error saying when to retry', async (t) => {
  const emulator = await zoho({ settings: { tokensPerWindow: 2 } });
  t.teardown(() => emulator.close());
  for (let i = 0; i < 2; i++) {
    clearTokenCache();
    await (await plugin.sink!.open(config(emulator), testContext())).check!();
  }
  clearTokenCache();
  const ctx = testContext();
  const error = await (await plugin.sink!.open(config(emulator), ctx)).check!().then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof DatongError, 'a typed error');
  t.match(error, { code: 'AUTH_TOKEN_LIMIT', retryable: false, platformCode: 'Access Denied' });
  t.match((error as Error).message, /10 access tokens per refresh token in 10 minutes.*Retry after \d{4}-\d\d-\d\dT/);
  t.notOk((error as Error).message.includes(emulator.credentials.refreshToken), 'no refresh token in the message');
  t.notOk((error as Error).message.includes(emulator.credentials.clientSecret), 'no client secret in the message');
  t.equal(emulator.accounts.denied, 1, 'one refused token request: no retry storm');
});

// The scheme checked against Zoho's published examples (no signing: OAuth 2.0 bearer-style tokens).
// Refresh, from https://www.zoho.com/crm/developer/docs/api/v8/refresh.html and the Zoho accounts docs:
//   POST {accounts-server}/oauth/v2/token?refresh_token=...&client_id=...&client_secret=...&grant_type=refresh_token
//   -> {"access_token":"...","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}
// API call, from https://www.zoho.com/crm/developer/docs/api/v8/upsert-records.html:
//   curl "https://www.zohoapis.com/crm/v8/Leads/upsert" -H "Authorization: Zoho-oauthtoken 1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf"
t.test('the auth scheme matches Zoho\'s published examples', async (t) => {
  const emulator = await zoho({ settings: { apiDomain: 'http://127.0.0.1:1' } });
  t.teardown(() => emulator.close());
  const { clientId, clientSecret, refreshToken } = emulator.credentials;
  // The documented query-string form of the refresh request.
  const query = new URLSearchParams({ refresh_token: refreshToken, client_id: clientId, client_secret: clientSecret, grant_type: 'refresh_token' });
  const answer = (await (await fetch(`${emulator.url}/oauth/v2/token?${query}`, { method: 'POST' })).json()) as Record<string, unknown>;
  t.match(answer, { token_type: 'Bearer', expires_in: 3600, api_domain: 'http://127.0.0.1:1' }, 'the documented answer, with the api_domain of the data centre');
  const call = (authorization: string) => fetch(`${emulator.url}/crm/v8/org`, { headers: { authorization } });
  t.equal((await call(`Zoho-oauthtoken ${String(answer.access_token)}`)).status, 200, 'Authorization: Zoho-oauthtoken <token> is accepted');
  const bearer = await call(`Bearer ${String(answer.access_token)}`);
  t.equal(bearer.status, 401, 'Bearer <token> is not Zoho\'s scheme');
  t.same(await bearer.json(), { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });

  // The sink: form-encoded refresh with the four documented parameters, calls to the answer's api_domain.
  const withDomain = await zoho();
  t.teardown(() => withDomain.close());
  await (await plugin.sink!.open(config(withDomain), testContext())).check!();
  const token = withDomain.kit.requests.find((r) => r.route === '/oauth/v2/token')!;
  t.same(Object.keys(token.body as object).sort(), ['client_id', 'client_secret', 'grant_type', 'refresh_token'], 'the refresh sends the documented parameters');
  t.equal((token.body as Record<string, string>).grant_type, 'refresh_token');
  t.equal(withDomain.kit.requests.find((r) => r.route === '/crm/:version/org')?.status, 200, 'and the API call with Zoho-oauthtoken went through');
});

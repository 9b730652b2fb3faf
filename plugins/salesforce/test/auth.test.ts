import { DatongError, MemoryPluginState, type SinkWriteResult } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { tokenSignature } from '../emulator/index.js';
import plugin from '../src/index.js';
import type { SalesforceSinkConnection } from '../src/index.js';
import { tokenSignatureMatches } from '../src/token-signature.js';
import { calls, contactSpec, customers, oauthConfig, salesforce } from './helpers/salesforce-fixtures.js';

// The token answer's signature, worked out with openssl from made-up values (Salesforce publishes
// none with a real secret): Base64(HMAC-SHA256(key = client secret, id + issued_at)).
//   printf '%s' "https://login.salesforce.com/id/00D5g000000TEST1/0055g000000TEST21700000000000" \
//     | openssl dgst -sha256 -hmac "test-client-secret-0001" -binary | base64
const EXAMPLE = {
  id: 'https://login.salesforce.com/id/00D5g000000TEST1/0055g000000TEST2',
  issuedAt: '1700000000000',
  secret: 'test-client-secret-0001',
  signature: 'nIdSO1//unojEw89IyYk0XhZiypn6+NLGEPflNPYeqc=',
};

t.test('the token signature, both sides, against the value openssl computed', async (t) => {
  t.ok(tokenSignatureMatches(EXAMPLE.id, EXAMPLE.issuedAt, EXAMPLE.signature, EXAMPLE.secret), 'the sink accepts it');
  t.notOk(tokenSignatureMatches(`${EXAMPLE.id}X`, EXAMPLE.issuedAt, EXAMPLE.signature, EXAMPLE.secret), 'and refuses an altered identity URL');
  t.equal(tokenSignature(EXAMPLE.id, EXAMPLE.issuedAt, EXAMPLE.secret), EXAMPLE.signature, 'the emulator signs the same');
});

t.test('a session that dies mid-write is refreshed once, and nothing is lost or doubled', async (t) => {
  const emulator = await salesforce({ settings: { rotateRefreshTokens: true } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const connection = (await plugin.sink!.open(oauthConfig(emulator, { concurrency: 2 }), ctx)) as SalesforceSinkConnection;
  const contacts = await connection.object(contactSpec);
  await connection.check();
  t.equal(emulator.tokens.refreshCount, 1, 'the first call fetched a session');
  t.notOk(ctx.messages.some((m) => /signature/.test(m.message)), "the token answer's signature checked out");

  // The token answer has no expires_in: the sink learns of the death only from INVALID_SESSION_ID.
  emulator.settings.expireTokensAfterCalls = 2;
  const people = customers(1000, 'session');
  const results = ((await contacts.write(people, ctx)) ?? []) as SinkWriteResult[];
  t.equal(results.filter((r) => r.sinkId).length, 1000, 'every contact written');
  const expired = emulator.kit.requests.filter((r) => r.status === 401);
  t.ok(expired.length >= 1, `Salesforce answered 401 INVALID_SESSION_ID (${expired.length} calls under way)`);
  t.equal(emulator.tokens.refreshCount, 2, 'those calls shared one refresh');
  t.equal(connection.api.refreshCount, 2);
  t.equal(emulator.keyed('Contact').length, 1000, 'the org holds each contact once');
  t.equal(calls(emulator, '/composite/sobjects/:sobject/:externalIdField').filter((c) => c.status === 200).length, 5, 'five collections of 200 went through');

  const stored = await state.getSecret('salesforce.refresh_token');
  t.not(stored, emulator.credentials.refreshToken, 'Salesforce rotated the refresh token');
  t.same(emulator.tokens.validRefreshTokens(), [stored], 'the rotated one is stored (encrypted, through setSecret)');
  t.equal(state.values.size, 0, 'and not as a plain value');
  const said = JSON.stringify(ctx.messages);
  t.notOk(said.includes(stored!) || said.includes(emulator.credentials.clientSecret), 'no secret in any log line');
});

t.test('the next run starts from the stored refresh token, though the config holds the rotated-away one', async (t) => {
  const emulator = await salesforce({ settings: { rotateRefreshTokens: true } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  await (await plugin.sink!.open(oauthConfig(emulator), testContext({ state }))).check!();
  t.notOk(emulator.tokens.validRefreshTokens().includes(emulator.credentials.refreshToken), 'the config refresh token is dead now');
  await (await plugin.sink!.open(oauthConfig(emulator), testContext({ state }))).check!();
  t.pass('check() passed with the stored refresh token');
});

t.test('a plain accessToken works until its session ends, then fails clearly (it cannot be refreshed)', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const config = { accessToken: emulator.credentials.accessToken, instanceUrl: emulator.url };
  const connection = await plugin.sink!.open(config, ctx);
  const contacts = await connection.object(contactSpec);
  const results = (await contacts.write(customers(2, 'plain'), ctx)) ?? [];
  t.ok(results.every((r) => r.sinkId), 'written with the plain token');
  await fetch(`${emulator.url}/_emulator/expire-sessions`, { method: 'POST' });
  const error = await contacts.write(customers(2, 'plain'), ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof DatongError);
  t.match(error, { code: 'AUTH_FAILED', retryable: false });
  t.match((error as Error).message, /INVALID_SESSION_ID.*accessToken is expired or wrong/);
  t.notOk((error as Error).message.includes(emulator.credentials.accessToken), 'without the token');
});

t.test('a refused refresh token fails clearly, without the secret', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const config = oauthConfig(emulator, { refreshToken: 'test-refresh-token-dead-0001' });
  const error = await (await plugin.sink!.open(config, ctx)).check!().then(() => undefined, (e: unknown) => e);
  t.match(error, { code: 'AUTH_REFRESH_FAILED', retryable: false });
  t.match((error as Error).message, /Salesforce refused the refresh token \(invalid_grant/);
  for (const secret of ['test-refresh-token-dead-0001', emulator.credentials.clientSecret]) t.notOk((error as Error).message.includes(secret), 'no secret in the message');
});

t.test('config problems name the field', async (t) => {
  const open = (config: Record<string, unknown>) => plugin.sink!.open(config, testContext()).then(() => undefined, (e: unknown) => e as Error);
  t.match(await open({ clientId: 'x', clientSecret: 'test-client-secret-0001' }), { code: 'CONFIG_INVALID', message: /\/refreshToken.*refreshToken missing/ });
  t.match(await open({ accessToken: 'test-access-token-0001' }), { message: /\/instanceUrl/ });
  t.match(await open({ accessToken: 'test-access-token-0001', instanceUrl: 'ftp://x', }), { message: /\/instanceUrl.*not an http/ });
  const connection = await plugin.sink!.open({ accessToken: 'test-access-token-0001', instanceUrl: 'http://127.0.0.1:9' }, testContext());
  await t.rejects(connection.object({ ...contactSpec, name: 'leads' }), /writes contacts and opportunities, not leads/);
});

import { DatongError, MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, datongRecords, hubspot, oauthConfig } from './helpers/hubspot-fixtures.js';

t.test('an OAuth token that expires mid-write is refreshed once, and nothing is lost', async (t) => {
  const emulator = await hubspot({ settings: { rotateRefreshTokens: true } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const sink = await (await plugin.sink!.open(oauthConfig(emulator), ctx)).object(contactSpec);
  t.equal(emulator.tokens.refreshCount, 1, 'the first call fetched a token');

  // The second upsert of five meets a dead token; three calls are under way at once.
  emulator.settings.expireTokensAfterCalls = 1;
  const results = (await sink.write(contacts(500), ctx)) ?? [];
  t.equal(results.filter((r) => r.sinkId !== undefined).length, 500, 'every contact written');
  t.equal(datongRecords(emulator, 'contacts').length, 500);
  const expired = emulator.kit.requests.filter((r) => r.status === 401);
  t.ok(expired.length >= 1, `HubSpot answered 401 EXPIRED_AUTHENTICATION (${expired.length} calls under way)`);
  t.equal(emulator.tokens.refreshCount, 2, 'those calls shared one refresh');

  const stored = await state.getSecret('hubspot.refresh_token');
  t.not(stored, emulator.credentials.refreshToken, 'HubSpot rotated the refresh token');
  t.same(emulator.tokens.validRefreshTokens(), [stored], 'the rotated refresh token is stored (encrypted, through setSecret)');
  t.equal(state.values.size, 0, 'and not as a plain value');
});

t.test('the next run starts from the stored refresh token, though the config still holds the rotated-away one', async (t) => {
  const emulator = await hubspot({ settings: { rotateRefreshTokens: true } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const first = testContext({ state });
  await (await plugin.sink!.open(oauthConfig(emulator), first)).check!();
  t.notOk(emulator.tokens.validRefreshTokens().includes(emulator.credentials.refreshToken), 'the config refresh token is dead now');

  const next = testContext({ state });
  const connection = await plugin.sink!.open(oauthConfig(emulator), next);
  await connection.check!();
  t.pass('check() passed with the stored refresh token');
});

t.test('a refused refresh token fails clearly, without the secret', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const config = oauthConfig(emulator, { refreshToken: 'na1-dead-0000-refresh-token' });
  const error = await (await plugin.sink!.open(config, ctx)).check!().then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof DatongError);
  t.match(error, { code: 'AUTH_REFRESH_FAILED', retryable: false });
  t.match((error as Error).message, /HubSpot refused the refresh token/);
  for (const secret of ['na1-dead-0000-refresh-token', emulator.credentials.clientSecret]) {
    t.notOk((error as Error).message.includes(secret), 'no secret in the message');
  }
});

import { MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll, refreshingConfigFor } from './helpers/shopify.js';

const tokenCalls = (emu: { kit: { requests: { path: string }[] } }) => emu.kit.requests.filter((r) => r.path === '/admin/oauth/access_token').length;

t.test('a token that expires mid-run is refreshed once and the read goes on', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const { clientId, clientSecret, refreshToken } = emu.credentials;
  const { stream } = await openStream(configFor(emu, { clientId, clientSecret, refreshToken }), 'orders', ctx);
  const read = await readAll(stream, ctx, {
    batchSize: 250,
    // After the second page every token issued so far is dead.
    onBatch: (i) => void (i === 1 && emu.kit.setFaults({ tokenExpiresAt: emu.kit.now() })),
  });
  t.ok(emu.kit.requests.some((r) => r.status === 401 && /token-expired/.test(r.fault ?? '')), 'the emulator refused the expired token');
  t.equal(tokenCalls(emu), 1, 'exactly one call to the token endpoint');
  t.equal(emu.tokens.refreshCount, 1);
  t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, 'orders')), { missing: [], stale: [] }, 'nothing missing');
  const stored = state.secrets.get('shopify.refresh_token');
  t.ok(stored && stored !== refreshToken, 'the rotated refresh token is stored as a secret');
});

t.test('a rotated refresh token carries over to the next run; the retired one is refused clearly', async (t) => {
  const emu = await emulator(t, { customers: 10, orders: 5 });
  const config = refreshingConfigFor(emu);
  const state = new MemoryPluginState();
  for (let run = 1; run <= 2; run++) {
    const ctx = testContext({ state });
    const { stream } = await openStream(config, 'customers', ctx);
    const read = await readAll(stream, ctx);
    t.equal(read.records.length, 10, `run ${run} reads every customer`);
  }
  t.equal(tokenCalls(emu), 2, 'one refresh per run: no access token in the config');
  const ctx = testContext({ state: new MemoryPluginState() });
  for (const secret of [config.clientSecret, config.refreshToken]) ctx.redactor.add(String(secret));
  const connection = await plugin.source!.open(config, ctx);
  const error = await connection.check!().then(() => undefined, (e: unknown) => e as Error & { retryable?: boolean; code?: string });
  t.ok(error, 'a run that still holds the first refresh token fails: its replacement was used');
  t.match(error?.message, /refresh token/);
  t.equal(error?.retryable, false);
  t.notMatch(error?.message, String(config.refreshToken), 'the token is not in the message');
  t.notMatch(error?.message, String(config.clientSecret), 'the client secret is not in the message');
});

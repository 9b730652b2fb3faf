import { randomUUID } from 'node:crypto';
import { testContext, type TestContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { configFor, emulator, openStream, readAll, refreshingConfigFor } from './helpers/shopify.js';

// Wrong credentials made up at run time: fixtures, never values anyone issued.
const wrongRefreshToken = `test-refresh-${randomUUID()}`;
const wrongClientSecret = `test-secret-${randomUUID()}`;

/** Every secret the emulator ever issued or accepts: the initial ones and each refreshed token. */
function secretsOf(emu: Awaited<ReturnType<typeof emulator>>): string[] {
  return [emu.credentials.accessToken!, emu.credentials.clientSecret!, emu.credentials.refreshToken!, ...emu.tokens.issued()];
}

function said(contexts: TestContext[], errors: unknown[]): string {
  const lines = contexts.flatMap((ctx) => ctx.messages.map((m) => `${m.message} ${JSON.stringify(m.fields ?? {})}`));
  const errorText = errors.map((e) => (e instanceof Error ? `${e.message} ${e.stack} ${JSON.stringify(e)}` : String(e)));
  return [...lines, ...errorText].join('\n');
}

t.test('no token, client secret or refresh token in any log line or error', async (t) => {
  const emu = await emulator(t, { orders: 30, faults: { errorBurst: 2 } });
  const errors: unknown[] = [];
  const ctx = testContext();
  const { clientId, clientSecret, refreshToken } = emu.credentials;
  const { stream } = await openStream(configFor(emu, { clientId, clientSecret, refreshToken }), 'orders', ctx);
  await readAll(stream, ctx, { batchSize: 250, onBatch: (i) => void (i === 0 && emu.kit.setFaults({ tokenExpiresAt: emu.kit.now(), errorBurst: 2 })) });
  t.ok(emu.tokens.refreshCount >= 1, 'a token was refreshed along the way');
  t.ok(ctx.messages.length > 0, 'the run logged its retries');

  // A bad access token, a refused refresh token, a bad client secret: each fails with a message.
  // Each run has its own state: a rotated refresh token stored by one would win over the next's config.
  const contexts = [ctx];
  for (const config of [
    configFor(emu, { accessToken: `${emu.credentials.accessToken}x` }),
    refreshingConfigFor(emu, { refreshToken: wrongRefreshToken }),
    refreshingConfigFor(emu, { clientSecret: wrongClientSecret }),
  ]) {
    const run = testContext();
    contexts.push(run);
    const connection = await plugin.source!.open(config, run);
    errors.push(await connection.check!().then(() => new Error('check passed'), (e: unknown) => e));
  }
  t.equal(errors.length, 3);
  for (const e of errors) t.match(String((e as Error).message), /token|401|refused/, 'each error says what was refused');
  const text = said(contexts, errors);
  for (const secret of [...secretsOf(emu), wrongRefreshToken, wrongClientSecret]) {
    t.notOk(text.includes(secret), `a secret of ${secret.length} characters (${secret.slice(0, 6)}…) appears nowhere`);
  }
});

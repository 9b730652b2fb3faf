import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, hubspot, oauthConfig, tokenConfig } from './helpers/hubspot-fixtures.js';

/** Everything a user could see: log lines with their fields, and error messages. */
function said(ctx: ReturnType<typeof testContext>, errors: unknown[]): string {
  return JSON.stringify([ctx.messages, errors.map((e) => (e instanceof Error ? `${e.message} ${JSON.stringify(e)}` : String(e)))]);
}

t.test('no secret shows in a log line or an error, through retries, refreshes and refusals', async (t) => {
  const emulator = await hubspot({ settings: { rotateRefreshTokens: true, burst: 10, intervalMs: 1000 }, faults: { errorBurst: 2 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const errors: unknown[] = [];

  // OAuth: a token fetched, a 503 burst retried, a rate-limit storm, a token dying mid-write.
  const oauth = await (await plugin.sink!.open(oauthConfig(emulator), ctx)).object(contactSpec);
  emulator.settings.expireTokensAfterCalls = 3;
  await oauth.write(contacts(600), ctx);
  // A private-app token, right and wrong.
  await (await plugin.sink!.open(tokenConfig(emulator), ctx)).check!();
  await (await plugin.sink!.open(tokenConfig(emulator, { accessToken: 'pat-na1-wrong-token-value' }), ctx)).check!().catch((e: unknown) => errors.push(e));
  await (await plugin.sink!.open(oauthConfig(emulator, { clientSecret: 'a-wrong-client-secret' }), ctx)).check!().catch((e: unknown) => errors.push(e));

  t.equal(errors.length, 2, 'both bad credentials were refused');
  t.ok(ctx.messages.some((m) => m.level === 'warn'), 'retries were logged');
  const text = said(ctx, errors);
  const secrets = [
    emulator.credentials.accessToken,
    emulator.credentials.clientSecret,
    emulator.credentials.refreshToken,
    ...emulator.tokens.validRefreshTokens(),
    ...emulator.tokens.issuedTokens(),
    'pat-na1-wrong-token-value',
    'a-wrong-client-secret',
  ];
  t.ok(emulator.tokens.issuedTokens().length >= 2, 'several access tokens were issued');
  // Named by position: a test name is printed, and must not quote a secret either.
  secrets.forEach((secret, i) => t.notOk(text.includes(secret), `secret #${i + 1} is not in any log line or error`));
  const logged = JSON.stringify(emulator.kit.requests);
  secrets.forEach((secret, i) => t.notOk(logged.includes(secret), `secret #${i + 1} is masked in the emulator's own request log`));
});

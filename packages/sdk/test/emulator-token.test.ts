import t from 'tap';
import { EmulatorKit } from '../src/emulator/index.js';

const EXPIRY = Date.parse('2026-01-01T00:00:00Z');

t.test('tokenExpired: tokens issued before the moment expire once the clock reaches it; later ones are fresh', async (t) => {
  let clock = EXPIRY - 60_000;
  const kit = new EmulatorKit({ name: 'acme', now: () => clock, rateLimitResponse: () => ({ status: 429 }) });
  t.notOk(kit.tokenExpired(EXPIRY - 3_600_000), 'no fault set: nothing expires');

  kit.faults = { tokenExpiresAt: '2026-01-01T00:00:00Z' };
  const issuedEarlier = EXPIRY - 3_600_000;
  t.notOk(kit.tokenExpired(issuedEarlier), 'a minute before the moment: still good');
  clock = EXPIRY;
  t.ok(kit.tokenExpired(issuedEarlier), 'at the moment: expired');
  clock = EXPIRY + 5_000;
  t.ok(kit.tokenExpired(issuedEarlier));
  t.notOk(kit.tokenExpired(EXPIRY + 1_000), 'a token refreshed after the moment is fresh');

  kit.setFaults({ tokenExpiresAt: EXPIRY + 10_000 });
  t.notOk(kit.tokenExpired(issuedEarlier), 'ms epochs work too; the new moment is still ahead');
  kit.setFaults({ tokenExpiresAt: null });
  t.same(kit.faults, {}, 'null deletes the fault');
});

t.test('an emulator answering 401 for an expired token gets the call tagged token-expired in the log', async (t) => {
  let clock = EXPIRY - 1_000;
  const kit = new EmulatorKit({ name: 'acme', now: () => clock, rateLimitResponse: () => ({ status: 429 }) });
  // The emulator's own token table: issue time per token.
  const issued = new Map<string, number>([['tok-old', EXPIRY - 86_400_000]]);
  kit.route('POST', '/oauth/token', () => {
    issued.set('tok-new', clock);
    return { json: { access_token: 'tok-new', expires_in: 3600 } };
  });
  kit.route('GET', '/me', (req) => {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const at = issued.get(token);
    if (at === undefined || kit.tokenExpired(at)) return { status: 401, json: { error: 'invalid_token' } };
    return { json: { ok: true } };
  });
  const url = await kit.start();
  t.teardown(() => kit.close());
  const me = (token: string) => fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });

  await fetch(`${url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ tokenExpiresAt: '2026-01-01T00:00:00Z' }), headers: { 'content-type': 'application/json' } });
  t.equal((await me('tok-old')).status, 200);
  clock = EXPIRY + 1;
  t.equal((await me('tok-old')).status, 401);
  await fetch(`${url}/oauth/token`, { method: 'POST' });
  t.equal((await me('tok-new')).status, 200, 'the refreshed token works');
  t.same(kit.requests.map((r) => [r.status, r.fault ?? null]), [[200, null], [401, 'token-expired'], [200, null], [200, null]]);
  t.notMatch(JSON.stringify(kit.requests), /tok-old|tok-new/, 'no token in the log');
});

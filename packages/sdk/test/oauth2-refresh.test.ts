import t from 'tap';
import { MemoryPluginState, OAuth2Refresh, UpstreamError } from '../src/index.js';
import { capturingContext, sendJson, startServer, type TestServer } from './http-test-server.js';

const CLIENT_ID = 'client-42';
const CLIENT_SECRET = 'client-secret-7f3a9c';

/**
 * An authorization server and an API in one, written from RFC 6749 §6 (refresh_token grant),
 * with rotation: each refresh issues a new refresh token and kills the one used, and only the
 * newest access token is accepted.
 */
async function startPlatform(options: { failTokenCalls?: number; rotate?: boolean; answer?: 'zoho-error' } = {}) {
  let generation = 0;
  let validRefresh = 'rt-0';
  let validAccess = 'at-0-unknown-to-the-api';
  let tokenCalls = 0;
  const tokenBodies: Record<string, string>[] = [];
  const server: TestServer = await startServer((req, res) => {
    if (req.url.startsWith('/oauth/token')) {
      tokenCalls++;
      const form = Object.fromEntries(new URLSearchParams(req.body));
      tokenBodies.push(form);
      if (tokenCalls <= (options.failTokenCalls ?? 0)) return sendJson(res, 503, { error: 'temporarily_unavailable' });
      if (options.answer === 'zoho-error') return sendJson(res, 200, { error: 'invalid_code' });
      if (form.grant_type !== 'refresh_token' || form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) {
        return sendJson(res, 401, { error: 'invalid_client' });
      }
      if (form.refresh_token !== validRefresh) return sendJson(res, 400, { error: 'invalid_grant', error_description: `refresh token ${form.refresh_token} is not valid` });
      generation++;
      validAccess = `at-${generation}-${'x'.repeat(12)}`;
      if (options.rotate !== false) validRefresh = `rt-${generation}-${'y'.repeat(12)}`;
      // Answer a little later, so concurrent callers really overlap with the refresh.
      setTimeout(() => sendJson(res, 200, { access_token: validAccess, refresh_token: validRefresh, expires_in: 3600, token_type: 'Bearer', api_domain: 'https://www.zohoapis.eu' }), 20);
      return;
    }
    if (req.url.startsWith('/api/revoked')) return sendJson(res, 401, { error: 'app uninstalled' });
    if (req.headers.authorization === `Bearer ${validAccess}` || req.url.includes(`session=${validAccess}`)) return sendJson(res, 200, { ok: true, path: req.url });
    // TOP-style gateways answer an expired session inside an HTTP 200.
    if (req.url.startsWith('/api/router')) return sendJson(res, 200, { error_response: { code: 27, msg: 'Invalid session' } });
    sendJson(res, 401, { error: 'invalid_token', message: `token ${req.headers.authorization ?? ''} expired` });
  });
  return {
    server,
    tokenUrl: `${server.url}/oauth/token`,
    tokenCalls: () => tokenCalls,
    tokenBodies,
    validRefresh: () => validRefresh,
    apiCalls: () => server.seen.filter((r) => !r.url.startsWith('/oauth/')).length,
  };
}

t.test('100 concurrent requests with a token known to be expired: one refresh, all succeed', async (t) => {
  const platform = await startPlatform();
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  const auth = new OAuth2Refresh(
    { tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', accessToken: 'at-old', expiresAt: Date.now() - 1000 },
    ctx,
  );
  const api = ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth });
  const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => api.request({ path: `/api/contacts/${i}` })));
  t.ok(responses.every((r) => r.status === 200), 'all 100 succeeded');
  t.equal(platform.tokenCalls(), 1, 'the token endpoint was called once');
  t.equal(auth.refreshCount, 1);
  t.equal(platform.apiCalls(), 100, 'no request went out with the expired token');
  t.same(platform.tokenBodies[0], { grant_type: 'refresh_token', refresh_token: 'rt-0', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
});

t.test('100 concurrent requests whose token the platform rejects: one refresh, each resent once, all succeed', async (t) => {
  const platform = await startPlatform();
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  // No expiry known (Salesforce gives none): only the 401s tell.
  const auth = new OAuth2Refresh({ tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', accessToken: 'at-stale' }, ctx);
  const api = ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth });
  const responses = await Promise.all(Array.from({ length: 100 }, (_, i) => api.request({ path: `/api/deals/${i}` })));
  t.ok(responses.every((r) => r.status === 200), 'all 100 succeeded');
  t.equal(platform.tokenCalls(), 1, 'exactly one refresh for a hundred 401s');
  t.equal(auth.refreshCount, 1);
  t.ok(platform.apiCalls() <= 200, 'each request was sent at most twice');
});

t.test('a rotated refresh token is stored encrypted-by-the-store and used by the next instance', async (t) => {
  const platform = await startPlatform();
  t.teardown(platform.server.close);
  const state = new MemoryPluginState();
  const config = { tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', stateKey: 'acme.refresh_token' };

  const first = capturingContext({ state });
  await first.ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth: new OAuth2Refresh(config, first.ctx) }).request({ path: '/api/a' });
  t.equal(await state.getSecret('acme.refresh_token'), platform.validRefresh(), 'the new refresh token went to setSecret');
  t.equal(state.values.size, 0, 'nothing in the plain (unencrypted) values');

  // The next run starts from the same config, whose refresh token the platform has killed.
  const second = capturingContext({ state });
  const auth = new OAuth2Refresh(config, second.ctx);
  const response = await second.ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth }).request({ path: '/api/b' });
  t.equal(response.status, 200, 'the stored token won over the stale one in the config');
  t.match(platform.tokenBodies[1], { refresh_token: /^rt-1-/ });
  t.equal(await state.getSecret('acme.refresh_token'), platform.validRefresh(), 'and its successor was stored in turn');

  // Without the stored token the config's dead one is refused: a clear, final error.
  const third = capturingContext();
  const error = await third.ctx
    .http({ baseUrl: platform.server.url, platform: 'acme', auth: new OAuth2Refresh({ ...config, platform: 'acme' }, third.ctx) })
    .request({ path: '/api/c' })
    .catch((e: unknown) => e);
  t.type(error, UpstreamError);
  t.match(error, {
    code: 'AUTH_REFRESH_FAILED',
    retryable: false,
    status: 400,
    platformCode: 'invalid_grant',
    message: /^acme refused the refresh token \(invalid_grant; answered 400 for POST http:\/\/127\.0\.0\.1:\d+\/oauth\/token\): re-authorize the app/,
  });
  t.notMatch((error as Error).message, /rt-0|client-secret/, 'no secret in the message, though the platform echoed the token');
  t.equal(third.lines.filter((l) => l.startsWith('warn')).length, 0, 'a refused refresh token is not retried');
});

t.test('the token endpoint is retried on 5xx; a token refused after refresh is final', async (t) => {
  const platform = await startPlatform({ failTokenCalls: 2 });
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  const auth = new OAuth2Refresh({ tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0' }, ctx);
  const api = ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth });
  t.equal((await api.request({ path: '/api/x' })).status, 200, 'no initial token: the first apply refreshes');
  t.equal(platform.tokenCalls(), 3, 'two 503s, then a token');
  t.equal(auth.refreshCount, 1, 'one refresh, however many attempts it took');

  await t.rejects(api.request({ path: '/api/revoked' }), { code: 'AUTH_FAILED', retryable: false, status: 401, message: /still refused after a token refresh/ });
  t.equal(auth.refreshCount, 2, 'one refresh was tried, not a loop of them');
});

t.test('a platform that answers a refused refresh with 200 {"error"} (Zoho) fails clearly', async (t) => {
  const platform = await startPlatform({ answer: 'zoho-error' });
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  const auth = new OAuth2Refresh({ tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', platform: 'zoho' }, ctx);
  await t.rejects(ctx.http({ baseUrl: platform.server.url, platform: 'zoho', auth }).request({ path: '/api/x' }), {
    code: 'AUTH_REFRESH_FAILED',
    platformCode: 'invalid_code',
    retryable: false,
    message: /zoho refused the refresh token \(invalid_code/,
  });
});

t.test('refreshOn401 false (HubSpot): a 401 is an error, the TTL alone triggers refreshes', async (t) => {
  const platform = await startPlatform();
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  const auth = new OAuth2Refresh({ tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', accessToken: 'at-stale', expiresAt: Date.now() + 3_600_000, refreshOn401: false }, ctx);
  await t.rejects(ctx.http({ baseUrl: platform.server.url, platform: 'hubspot', auth }).request({ path: '/api/x' }), { code: 'AUTH_FAILED' });
  t.equal(platform.tokenCalls(), 0);
});

t.test('classify can ask for a refresh (an expired session inside an HTTP 200, as TOP gateways answer)', async (t) => {
  const platform = await startPlatform({ rotate: false });
  t.teardown(platform.server.close);
  const { ctx } = capturingContext();
  let sawToken: Record<string, unknown> | undefined;
  const auth = new OAuth2Refresh(
    {
      tokenUrl: platform.tokenUrl,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: 'rt-0',
      accessToken: 'at-stale',
      query: (token) => ({ session: token }),
      header: () => ({}),
      extraParams: { scope: 'orders' },
      onToken: (token) => (sawToken = token),
    },
    ctx,
  );
  const api = ctx.http({
    baseUrl: platform.server.url,
    platform: 'taobao',
    auth,
    classify: (r) =>
      r.json<{ error_response?: { code?: number } }>().error_response?.code === 27 ? { refreshAuth: true, reason: 'invalid session (code 27)' } : undefined,
  });
  const response = await api.request({ path: '/api/router', query: { method: 'taobao.trades.sold.get' } });
  t.match(response.json(), { ok: true, path: /session=at-1-/ });
  t.equal(platform.apiCalls(), 2, 'refused once with the stale session, then accepted');
  t.equal(platform.tokenCalls(), 1);
  t.match(platform.tokenBodies[0], { scope: 'orders' }, 'extra params are sent');
  t.match(sawToken, { api_domain: 'https://www.zohoapis.eu' }, 'onToken sees the whole answer');
});

t.test('every token is handed to the redactor; none appears in logs or errors', async (t) => {
  const platform = await startPlatform({ failTokenCalls: 1 });
  t.teardown(platform.server.close);
  const { ctx, lines, redactor } = capturingContext();
  const auth = new OAuth2Refresh({ tokenUrl: platform.tokenUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, refreshToken: 'rt-0', accessToken: 'at-stale-123' }, ctx);
  const api = ctx.http({ baseUrl: platform.server.url, platform: 'acme', auth, retries: 0 });
  await api.request({ path: '/api/x' });
  const error = await api.request({ path: '/api/missing', headers: { authorization: 'Bearer at-stale-123' } }).catch((e: unknown) => e);
  const everything = `${lines.join('\n')}\n${(error as Error)?.message ?? ''}`;
  t.ok(lines.some((l) => l.includes('oauth/token')), 'the token endpoint retry was logged');
  for (const secret of [CLIENT_SECRET, 'rt-0', platform.validRefresh(), 'at-stale-123', auth.current() ?? 'none']) {
    t.equal(redactor.text(`x ${secret} y`), 'x [redacted] y', 'the redactor knows it');
    t.notOk(everything.includes(secret), 'and it appears nowhere');
  }
});


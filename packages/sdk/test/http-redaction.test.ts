import t from 'tap';
import { UpstreamError, describeRequest, headerAuth, isSecretName, Redactor } from '../src/index.js';
import { capturingContext, sendJson, startServer } from './http-test-server.js';

const TOKEN = 'shpat_0123456789abcdef';
const QUERY_TOKEN = 'qtok-5f4dcc3b5aa765d6';
const SIGN = '9F86D081884C7D659A2FEAA0C55AD015';
const CONFIG_SECRET = 'cs-very-secret-value';
const ALL = [TOKEN, QUERY_TOKEN, SIGN, CONFIG_SECRET];

function leaks(text: string): string[] {
  return ALL.filter((secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)));
}

t.test('no secret reaches an error message or a log line, even when the platform echoes it', async (t) => {
  // The platform quotes the request back in its errors, as many do.
  const server = await startServer((req, res) => {
    const echo = { error: 'invalid request', url: req.url, auth: req.headers['x-shopify-access-token'], hint: `app secret ${CONFIG_SECRET} mismatch` };
    if (req.url.includes('/flaky') && server.seen.length % 2 === 1) sendJson(res, 503, echo);
    else if (req.url.includes('/hang')) return;
    else sendJson(res, 400, echo);
  });
  t.teardown(server.close);
  const { ctx, lines } = capturingContext();
  ctx.secret(CONFIG_SECRET); // what the engine does for every x-secret config value
  const api = ctx.http({
    baseUrl: server.url,
    platform: 'acme',
    minDelayMs: 1,
    maxDelayMs: 2,
    retries: 1,
    auth: headerAuth({ 'X-Shopify-Access-Token': TOKEN }),
  });
  const query = { access_token: QUERY_TOKEN, sign: SIGN, page: 2 };
  const errors: unknown[] = [];
  for (const path of ['/flaky', '/bad', '/hang']) {
    errors.push(await api.request({ path, query, timeoutMs: path === '/hang' ? 100 : 10_000 }).catch((e: unknown) => e));
  }
  // A plugin's classify that quotes the body: the client still redacts its error.
  const quoting = ctx.http({
    baseUrl: server.url,
    platform: 'acme',
    auth: headerAuth({ 'X-Shopify-Access-Token': TOKEN }),
    classify: (r) => ({ error: new UpstreamError(`acme refused: ${r.text}`, { status: r.status }) }),
  });
  errors.push(await quoting.request({ path: '/bad', query }).catch((e: unknown) => e));

  t.equal(errors.length, 4);
  for (const error of errors) {
    t.type(error, UpstreamError);
    const text = `${(error as Error).message}\n${(error as Error).stack}`;
    t.same(leaks(text), [], `no secret in: ${(error as Error).message.slice(0, 80)}…`);
  }
  t.match((errors[1] as Error).message, /access_token=\[redacted\]&sign=\[redacted\]&page=2/, 'secret-named params are hidden, the rest kept');
  t.match((errors[1] as Error).message, /"auth":"\[redacted\]"/, 'the echoed token is hidden');
  t.ok(lines.length >= 2, 'retries were logged');
  t.same(leaks(lines.join('\n')), [], 'no secret in any log line');
  t.ok(server.seen.some((r) => r.url.includes(SIGN)), 'while the platform did receive the real values');
});

t.test('secret-looking names', async (t) => {
  for (const name of ['access_token', 'Authorization', 'client_secret', 'refresh_token', 'password', 'sign', 'code', 'session', 'X-Api-Key', 'X-Shopify-Access-Token']) {
    t.ok(isSecretName(name), `${name} is secret`);
  }
  for (const name of ['page', 'country_code', 'sign_method', 'app_key', 'session_id', 'limit']) t.notOk(isSecretName(name), `${name} is not`);
  const r = new Redactor();
  r.add('hunter22');
  t.equal(
    describeRequest('GET', new URL('https://u:hunter22@api.example.com/v1/x?code=abc&state=ok&note=hunter22'), r),
    'GET https://u:[redacted]@api.example.com/v1/x?code=[redacted]&state=ok&note=[redacted]',
  );
});

import t, { type Test } from 'tap';
import { EmulatorKit, isSecretName } from '../src/emulator/index.js';

async function started(t: Test): Promise<{ kit: EmulatorKit; url: string }> {
  const kit = new EmulatorKit({ name: 'acme', rateLimitResponse: () => ({ status: 429 }) });
  kit.route('GET', '/orders', () => ({ json: [] }));
  kit.route('POST', '/oauth/token', () => ({ json: { access_token: 'new' } }));
  kit.route('POST', '/graphql', () => ({ json: { data: {} } }));
  const url = await kit.start();
  t.teardown(() => kit.close());
  return { kit, url };
}

const post = (url: string, body?: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

t.test('health, the request log, faults, reset', async (t) => {
  const { url } = await started(t);
  t.same(await (await fetch(`${url}/_emulator/health`)).json(), { ok: true, name: 'acme' });

  await fetch(`${url}/orders?status=any`);
  const log = (await (await fetch(`${url}/_emulator/requests`)).json()) as { method: string; path: string; query: unknown; status: number; at: number }[];
  t.equal(log.length, 1);
  t.match(log[0], { method: 'GET', path: '/orders', query: { status: 'any' }, status: 200, at: Number });

  t.same(await (await post(`${url}/_emulator/faults`, { errorBurst: 2, latencyMs: 5 })).json(), { errorBurst: 2, latencyMs: 5 });
  t.same(await (await post(`${url}/_emulator/faults`, { latencyMs: null, errorRatio: 0.5 })).json(), { errorBurst: 2, errorRatio: 0.5 }, 'merged; null deletes');

  const plain = await fetch(`${url}/_emulator/faults`, { method: 'POST', body: '{"shiftPages":1}' });
  t.same(await plain.json(), { errorBurst: 2, errorRatio: 0.5, shiftPages: 1 }, 'a JSON body without a JSON content type is still read');
  const notJson = await fetch(`${url}/_emulator/faults`, { method: 'POST', body: 'shiftPages=1' });
  t.equal(notJson.status, 400, 'and a body that is not JSON is refused, not ignored');

  const bad = await post(`${url}/_emulator/faults`, { errorRate: 0.5 });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { error: /unknown fault "errorRate"; known faults: rateLimitAfter, .*errorRatio/ });
  const badValue = await post(`${url}/_emulator/faults`, { errorRatio: 3 });
  t.match(await badValue.json(), { error: /errorRatio must be a number between 0 and 1/ });

  t.same(await (await post(`${url}/_emulator/reset`)).json(), { ok: true });
  t.same(await (await fetch(`${url}/_emulator/faults`)).json(), {}, 'faults cleared');
  t.same(await (await fetch(`${url}/_emulator/requests`)).json(), [], 'log cleared');
});

t.test('registered control actions take JSON and answer JSON; unknown ones 404 and list what exists', async (t) => {
  const { kit, url } = await started(t);
  const calls: unknown[] = [];
  kit.control('mutate', (body) => {
    calls.push(body);
    return { changed: 3 };
  });
  kit.control('noop', () => undefined);
  t.same(await (await post(`${url}/_emulator/mutate`, { stream: 'orders' })).json(), { changed: 3 });
  t.same(calls, [{ stream: 'orders' }]);
  t.same(await (await post(`${url}/_emulator/noop`)).json(), { ok: true });

  const missing = await post(`${url}/_emulator/explode`);
  t.equal(missing.status, 404);
  t.match(await missing.json(), { error: /controls: health, requests, faults, reset, mutate, noop/ });
  t.throws(() => kit.control('reset', () => 1), /built in/);
});

t.test('the request log shows that credentials were sent, never their values', async (t) => {
  const { kit, url } = await started(t);
  const secrets = ['shpat_0123456789abcdef', 'Bearer eyJhbGciOi.secret', 'refresh-XYZ-987', 'client-secret-555', 'A1B2C3D4E5SIGN', 'sess-6200a1b2', 'sid=cookie-777'];
  await fetch(`${url}/orders?access_token=${secrets[0]}&sign=${secrets[4]}&session=${secrets[5]}&sign_method=md5&page=2`, {
    headers: { authorization: secrets[1]!, 'x-shopify-access-token': secrets[0]!, cookie: secrets[6]!, 'x-request-id': 'req-1' },
  });
  await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: secrets[2]!, client_id: 'app-1', client_secret: secrets[3]! }),
  });
  await post(`${url}/graphql`, { query: '{ shop { name } }', token: secrets[0] });

  const [get, form, json] = kit.requests;
  t.same(get?.query, { access_token: '[present]', sign: '[present]', session: '[present]', sign_method: 'md5', page: '2' });
  t.match(get?.headers, { authorization: '[present]', 'x-shopify-access-token': '[present]', cookie: '[present]', 'x-request-id': 'req-1' });
  t.same(form?.body, { grant_type: 'refresh_token', refresh_token: '[present]', client_id: 'app-1', client_secret: '[present]' });
  t.same(json?.body, { query: '{ shop { name } }', token: '[present]' });

  const served = await (await fetch(`${url}/_emulator/requests`)).text();
  for (const secret of secrets) {
    t.notOk(served.includes(secret) || JSON.stringify(kit.requests).includes(secret), `${secret.slice(0, 6)}… is not in the log`);
  }
});

t.test('what counts as a credential name', async (t) => {
  for (const name of ['Authorization', 'X-Api-Key', 'api_key', 'appSecret', 'password', 'x-top-sign', 'apiSign', 'sign', 'X-Shopify-Hmac-Sha256', 'session', 'code', 'refresh_token']) {
    t.ok(isSecretName(name), name);
  }
  for (const name of ['sign_method', 'design', 'app_key', 'client_id', 'page', 'content-type', 'timestamp']) {
    t.notOk(isSecretName(name), name);
  }
});

import t from 'tap';
import { EmulatorKit } from '../src/emulator/index.js';

function kit(): EmulatorKit {
  return new EmulatorKit({ name: 'acme', rateLimitResponse: () => ({ status: 429, json: { error: 'slow down' } }) });
}

t.test('route params, query and headers reach the handler; the first matching route answers', async (t) => {
  const k = kit();
  k.route('GET', '/admin/api/:version/orders/:id.json', (req) => ({
    json: { params: req.params, status: req.query.get('status'), shop: req.headers['x-shop'] },
  }));
  k.route('GET', '/customers/:email', (req) => ({ json: { email: req.params.email } }));
  k.route('GET', '/things/special', () => ({ text: 'special' }));
  k.route('GET', '/things/:name', () => ({ text: 'generic' }));
  const url = await k.start();
  t.teardown(() => k.close());
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'an ephemeral port on 127.0.0.1');

  const res = await fetch(`${url}/admin/api/2025-07/orders/42.json?status=any`, { headers: { 'X-Shop': 'acme' } });
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /application\/json/);
  t.same(await res.json(), { params: { version: '2025-07', id: '42' }, status: 'any', shop: 'acme' });

  const email = await fetch(`${url}/customers/${encodeURIComponent('li.na@qq.com')}`);
  t.same(await email.json(), { email: 'li.na@qq.com' }, 'params are URL-decoded');

  t.equal(await (await fetch(`${url}/things/special`)).text(), 'special');
  t.equal(await (await fetch(`${url}/things/other`)).text(), 'generic');
  t.equal(k.requests.length, 4, 'every platform call is logged');
  t.equal(k.requests[0]?.route, '/admin/api/:version/orders/:id.json');
});

t.test('JSON and form bodies are parsed; raw bytes are kept for signatures; broken JSON leaves body undefined', async (t) => {
  const k = kit();
  k.route('POST', '/echo', (req) => ({ json: { body: req.body ?? null, raw: req.rawBody.toString('utf8') } }));
  const url = await k.start();
  t.teardown(() => k.close());

  const json = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2],"b":"两"}' });
  t.same(await json.json(), { body: { a: [1, 2], b: '两' }, raw: '{"a":[1,2],"b":"两"}' });

  const form = await fetch(`${url}/echo`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', scope: 'a b' }) });
  t.same(((await form.json()) as { body: unknown }).body, { grant_type: 'refresh_token', scope: 'a b' }, 'form bodies become an object');

  const csv = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,name\n1,王伟\n' });
  t.same(await csv.json(), { body: null, raw: 'id,name\n1,王伟\n' }, 'other bodies: raw only');

  const broken = await fetch(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
  t.same(await broken.json(), { body: null, raw: '{"a":' }, 'unparseable JSON: the handler decides from rawBody');
});

t.test('unknown routes answer 404 JSON, a known path with another method 405; a throwing handler answers 500 and is logged', async (t) => {
  const k = kit();
  k.route('GET', '/orders', () => ({ json: [] }));
  k.route('POST', '/boom', () => {
    throw new Error('handler fell over');
  });
  const url = await k.start();
  t.teardown(() => k.close());

  const missing = await fetch(`${url}/nope`);
  t.equal(missing.status, 404);
  t.match(await missing.json(), { error: /no route for GET \/nope/ });

  const wrongMethod = await fetch(`${url}/orders`, { method: 'DELETE' });
  t.equal(wrongMethod.status, 405);
  t.equal(wrongMethod.headers.get('allow'), 'GET');

  const boom = await fetch(`${url}/boom`, { method: 'POST' });
  t.equal(boom.status, 500);
  t.same(await boom.json(), { error: 'handler fell over' });
  const entry = k.requests.find((r) => r.path === '/boom');
  t.match(entry, { status: 500, error: 'handler fell over' });
  t.match(k.requests.find((r) => r.path === '/nope'), { status: 404 });
});

t.test('url before start is an error; close is idempotent and frees the port', async (t) => {
  const k = kit();
  t.throws(() => k.url, /acme emulator has not been started/);
  const url = await k.start();
  t.equal(k.url, url);
  await k.close();
  await k.close();
  await t.rejects(fetch(`${url}/_emulator/health`), 'nothing listens any more');
  t.throws(() => k.route('GET', '/_emulator/x', () => ({})), /reserved/);
});

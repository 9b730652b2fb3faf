import { createHmac } from 'node:crypto';
import t from 'tap';
import { canonicalQuery, rfc3986, signQuery } from '../src/index.js';
import { configFor, emulator, openStream, readAll, failureOf } from './helpers/rest.js';

t.test('the HMAC primitive matches the published RFC 4231 test vectors', async (t) => {
  // RFC 4231 §4.3, test case 2 (https://www.rfc-editor.org/rfc/rfc4231#section-4.3): key "Jefe".
  const data = 'what do ya want for nothing?';
  t.equal(createHmac('sha256', 'Jefe').update(data).digest('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  t.equal(createHmac('sha512', 'Jefe').update(data).digest('hex'), '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737');
});

t.test('the canonical query and its signature match a worked example computed with openssl', async (t) => {
  const params: [string, string][] = [
    ['updated_since', '2026-12-01T00:00:00Z'], ['page', '2'], ['per_page', '20'], ['q', '咖啡 杯'], ['timestamp', '1764547200'], ['key_id', 'app-1'],
  ];
  // Sorted by name, RFC 3986 encoding (a space is %20, never +; ':' is %3A; UTF-8 bytes in upper-case hex).
  const canonical = 'key_id=app-1&page=2&per_page=20&q=%E5%92%96%E5%95%A1%20%E6%9D%AF&timestamp=1764547200&updated_since=2026-12-01T00%3A00%3A00Z';
  t.equal(canonicalQuery(params), canonical);
  // S='<canonical above>'; printf '%s' "$S" | openssl dgst -sha256 -hmac 'hs_demo_secret'
  t.equal(signQuery(params, { secret: 'hs_demo_secret', algorithm: 'sha256', encoding: 'hex' }), '2f48393a74849d88a36821bc9eaac1f703d6da52ebbf6363d7d3d3493510550a');
  // printf '%s' "$S" | openssl dgst -sha256 -hmac 'hs_demo_secret' -binary | base64
  t.equal(signQuery(params, { secret: 'hs_demo_secret', algorithm: 'sha256', encoding: 'base64' }), 'L0g5OnSEnYijaCG8nqrB9wPW2lLrv2Nj19PTSTUQVQo=');
  // printf 'a=1&b=%%21%%27%%28%%29%%2A' | openssl dgst -sha256 -hmac k — the characters encodeURIComponent leaves alone are escaped too.
  t.equal(rfc3986("!'()*"), '%21%27%28%29%2A');
  t.equal(signQuery([['b', "!'()*"], ['a', '1']], { secret: 'k', algorithm: 'sha256', encoding: 'hex' }), '747497d81e73a4bfafee6e5cf7d650382ed3f5c49b2fadcd45f5463d30025ba0');
  t.equal(canonicalQuery([['a', '2'], ['a', '1']]), 'a=1&a=2', 'repeated names sort by value');
});

t.test('the store verifies the signature with its own code, hex and base64, over every page', async (t) => {
  for (const encoding of ['hex', 'base64'] as const) {
    const emu = await emulator(t, { auth: 'hmac', hmacEncoding: encoding, pagination: { orders: 'nextUrl', members: 'link' } });
    const config = configFor(emu, { size: 10 }) as { auth: Record<string, unknown> };
    config.auth.encoding = encoding;
    for (const name of ['orders', 'members']) {
      const { stream, ctx } = await openStream(config, name);
      const read = await readAll(stream, ctx);
      t.ok(read.records.length > 10, `${encoding}: ${name} read over several signed pages`);
    }
    t.ok(emu.kit.requests.every((r) => r.status === 200), `${encoding}: every signature accepted`);
    t.ok(emu.kit.requests.every((r) => r.headers['x-signature'] === '[present]' && r.query.key_id === 'app-1'), 'each request carries its signature and key id');
    await emu.close();
  }
});

t.test('the store refuses a wrong signature, an unknown key and a stale timestamp, with its own codes', async (t) => {
  const emu = await emulator(t, { auth: 'hmac' });
  const good = configFor(emu) as { auth: Record<string, unknown> };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...good.auth, secret: 'not-the-secret' }, /"code":40103,"message":"signature mismatch"/],
    [{ ...good.auth, encoding: 'base64' }, /"code":40103,"message":"signature mismatch"/],
    [{ ...good.auth, keyId: 'app-999' }, /"code":40105,"message":"unknown key_id"/],
  ];
  for (const [auth, message] of cases) {
    const { stream, ctx } = await openStream({ ...good, auth }, 'orders');
    const error = await failureOf(readAll(stream, ctx));
    t.equal(error.code, 'AUTH_FAILED');
    t.match(error.message, message);
  }
  const skewed = await emulator(t, { auth: 'hmac', now: Date.now() + 10 * 60_000 });
  const { stream, ctx } = await openStream(configFor(skewed), 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /"code":40104,"message":"timestamp is more than 300 s away from the server clock".*this machine's clock/);
});

import t from 'tap';
import { signPush } from '../emulator/index.js';
import { eventSign, eventSignMatches } from '../src/index.js';
import { configFor, emulator } from './helpers/youzan.js';

// No worked example with concrete values is published for Youzan's Event-Sign (the official doc
// page and cuncle/youzanyun-push-demo pushdemo.go give only the algorithm: md5(client_id + body +
// client_secret), lower-case hex). This one was computed by hand from that algorithm:
//   printf '%s' 'client123{"id":"E20200525201253074004153","type":"trade_TradeClose"}secret456' | md5sum
//   → b7ce4662879016e95d805f2d746e618e   (openssl md5 agrees)
const BODY = Buffer.from('{"id":"E20200525201253074004153","type":"trade_TradeClose"}', 'utf8');
const EXPECTED = 'b7ce4662879016e95d805f2d746e618e';

t.test('the plugin signs the hand-computed example', async (t) => {
  t.equal(eventSign(BODY, 'client123', 'secret456'), EXPECTED);
  t.ok(eventSignMatches(BODY, EXPECTED, 'client123', 'secret456'));
  t.ok(eventSignMatches(BODY, EXPECTED.toUpperCase(), 'client123', 'secret456'), 'hex case does not matter');
  t.notOk(eventSignMatches(BODY, EXPECTED, 'client123', 'secret457'), 'another secret does not match');
  t.notOk(eventSignMatches(Buffer.concat([BODY, Buffer.from(' ')]), EXPECTED, 'client123', 'secret456'), 'one byte more does not match');
});

t.test("the emulator's own signer agrees with the example", async (t) => {
  t.equal(signPush('client123', BODY, 'secret456'), EXPECTED);
});

t.test('the gateway refuses a wrong or missing token with its own errors, inside HTTP 200', async (t) => {
  const emu = await emulator(t);
  const call = async (query: string) => {
    const response = await fetch(`${emu.url}/api/youzan.trades.sold.get/4.0.4${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return { status: response.status, body: (await response.json()) as { gw_err_resp?: { err_code: number } } };
  };
  const missing = await call('');
  t.equal(missing.status, 200);
  t.equal(missing.body.gw_err_resp?.err_code, 4201, 'no token: 4201');
  t.equal((await call('?access_token=forged')).body.gw_err_resp?.err_code, 4203, 'an unknown token: 4203');
  const bad = await fetch(`${emu.url}/api/youzan.trade.get/9.9.9?access_token=x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.equal(((await bad.json()) as { gw_err_resp: { err_code: number } }).gw_err_resp.err_code, 4005, 'an unknown version: 4005, before the token');
  const text = await fetch(`${emu.url}/api/youzan.trade.get/4.0.2?access_token=x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
  t.equal(((await text.json()) as { gw_err_resp: { err_code: number } }).gw_err_resp.err_code, 4007, 'text/plain: 4007');
});

t.test('the token endpoint refuses a wrong secret and a form body', async (t) => {
  const emu = await emulator(t);
  const config = configFor(emu);
  const post = async (body: string, type = 'application/json') =>
    (await (await fetch(`${emu.url}/auth/token`, { method: 'POST', headers: { 'content-type': type }, body })).json()) as { success: boolean; code: number; data?: { access_token: string; expires: number } };
  const good = await post(JSON.stringify({ client_id: config.clientId, client_secret: config.clientSecret, authorize_type: 'silent', grant_id: config.grantId, refresh: false }));
  t.equal(good.code, 200);
  t.ok(good.data!.expires > emu.kit.now() + 6 * 86_400_000, 'expires is a ms epoch about 7 days ahead');
  const wrong = await post(JSON.stringify({ client_id: config.clientId, client_secret: 'nope', authorize_type: 'silent', grant_id: config.grantId }));
  t.same([wrong.success, wrong.code], [false, 1000]);
  const form = await post(new URLSearchParams({ client_id: String(config.clientId) }).toString(), 'application/x-www-form-urlencoded');
  t.same([form.success, form.code], [false, 1000]);
});

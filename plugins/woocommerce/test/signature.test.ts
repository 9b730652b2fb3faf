import t from 'tap';
import { verifyWooSignature, wooWebhookSignature } from '../src/index.js';
import { emulator } from './helpers/woo.js';

// WooCommerce's own worked example: its unit test WC_Tests_CRUD_Webhooks::test_generate_signature
// (woocommerce/woocommerce, plugins/woocommerce/tests/legacy/unit-tests/webhooks/crud.php) asserts
// that a new webhook, whose secret is still empty, signs the payload 'secret' as
// 'GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs='. The same by hand:
//   printf 'secret' | openssl dgst -sha256 -hmac '' -binary | base64
const WC_PAYLOAD = 'secret';
const WC_SIGNATURE = 'GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=';

t.test('the webhook signer matches WooCommerce\'s own test vector', async (t) => {
  t.equal(wooWebhookSignature(Buffer.from(WC_PAYLOAD), ''), WC_SIGNATURE);
});

t.test('verification is exact: body, secret and header must all match', async (t) => {
  const body = Buffer.from('{"id":727,"status":"processing"}');
  const secret = 'whsec-datong';
  const header = wooWebhookSignature(body, secret);
  t.equal(verifyWooSignature(body, header, secret), true, 'signed body');
  t.equal(verifyWooSignature(Buffer.from('{"id":727,"status":"completed"}'), header, secret), false, 'tampered body');
  t.equal(verifyWooSignature(Buffer.from('{"id": 727,"status":"processing"}'), header, secret), false, 're-serialized body');
  t.equal(verifyWooSignature(body, header, 'other-secret'), false, 'other secret');
  t.equal(verifyWooSignature(body, `${header}AA`, secret), false, 'junk appended');
  t.equal(verifyWooSignature(body, Buffer.from(header, 'base64').toString('hex'), secret), false, 'hex instead of base64');
  t.equal(verifyWooSignature(body, undefined, secret), false, 'no header');
  t.equal(verifyWooSignature(body, header, ''), false, 'no secret');
});

t.test('the emulator refuses wrong keys as WooCommerce does', async (t) => {
  const emu = await emulator(t, { orders: 5, customers: 2 });
  const { consumerKey, consumerSecret } = emu.credentials;
  const call = (auth?: string, query = '') =>
    fetch(`${emu.url}/wp-json/wc/v3/orders?per_page=1${query}`, { headers: auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {} });
  let res = await call(`${consumerKey}:${consumerSecret}`);
  t.equal(res.status, 200, 'good keys');
  res = await call(`${consumerKey}:cs_wrong`);
  t.equal(res.status, 401);
  t.same(await res.json(), { code: 'woocommerce_rest_authentication_error', message: 'Consumer secret is invalid.', data: { status: 401 } });
  res = await call(`ck_wrong:${consumerSecret}`);
  t.match(await res.json(), { code: 'woocommerce_rest_authentication_error', message: 'Consumer key is invalid.' });
  res = await call();
  t.equal(res.status, 401);
  t.match(await res.json(), { code: 'woocommerce_rest_cannot_view' });
  res = await call(undefined, `&consumer_key=${consumerKey}&consumer_secret=${consumerSecret}`);
  t.equal(res.status, 200, 'keys as query parameters');
  t.equal(emu.kit.requests.at(-1)?.query.consumer_secret, '[present]', 'the log masks the secret');
});

import t from 'tap';
import { verifyShopifyWebhook } from '../src/index.js';

// A published worked example: Shopify's own PHP library tests a webhook whose body is
// json_encode(['foo' => 'bar']) with the header '/Redz4YXHLnSmmSN8grr5/Jl/Ua3d7yX3iWbjb8R8wo=' under
// the app secret 'steffi' (Shopify/shopify-api-php, tests/Webhooks/RegistryTest.php `processHeaders`
// and tests/BaseTestCase.php `apiSecretKey`).
const body = Buffer.from('{"foo":"bar"}');
const header = '/Redz4YXHLnSmmSN8grr5/Jl/Ua3d7yX3iWbjb8R8wo=';
const secret = 'steffi';

t.test('a webhook signed by Shopify verifies', async (t) => {
  t.equal(verifyShopifyWebhook(body, header, secret), true);
});

t.test('a tampered body, a wrong secret or a bad header does not', async (t) => {
  t.equal(verifyShopifyWebhook(Buffer.from('{"foo":"baz"}'), header, secret), false, 'body changed');
  t.equal(verifyShopifyWebhook(Buffer.from('{"foo": "bar"}'), header, secret), false, 're-serialized body');
  t.equal(verifyShopifyWebhook(body, header, 'not-steffi'), false, 'other secret');
  t.equal(verifyShopifyWebhook(body, `${header}AA`, secret), false, 'junk appended to the header');
  t.equal(verifyShopifyWebhook(body, header.replace('R', 'r'), secret), false, 'one character changed');
  t.equal(verifyShopifyWebhook(body, '', secret), false, 'empty header');
  t.equal(verifyShopifyWebhook(body, undefined, secret), false, 'no header');
  t.equal(verifyShopifyWebhook(body, header, ''), false, 'no secret configured');
});

import { pushReceiver } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { configFor, emulator } from './helpers/shopify.js';

const verify = plugin.source!.webhook!.verify;
const post = async (url: string, body: unknown): Promise<Record<string, unknown>> =>
  (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;

t.test('pushes the emulator signs verify; tampered, wrongly signed and unsigned ones do not', async (t) => {
  const emu = await emulator(t, { customers: 10, orders: 20 });
  const hook = await pushReceiver(t, 'shop');
  const secret = emu.credentials.clientSecret!;
  const config = configFor(emu, { webhookSecret: secret });
  await post(`${emu.url}/_emulator/webhooks`, { url: hook.url });
  const summary = (await post(`${emu.url}/_emulator/mutate`, { orders: 3, customers: 2 })) as unknown as { ordersChanged: number[]; ordersAdded: number[]; customersChanged: number[]; customersAdded: number[] };
  const expected = summary.ordersChanged.length + summary.ordersAdded.length + summary.customersChanged.length + summary.customersAdded.length;
  t.equal(hook.pushes.length, expected, 'one push per changed or added resource');
  const ids = new Set<string>();
  for (const push of hook.pushes) {
    const verdict = verify(push, config);
    const topic = push.headers['x-shopify-topic']!;
    t.ok(verdict.accepted, `${topic} verifies`);
    if (!verdict.accepted) continue;
    t.same(verdict.streams, topic.startsWith('orders/') ? ['orders'] : ['customers']);
    t.equal(verdict.topic, topic);
    t.equal(verdict.deliveryId, push.headers['x-shopify-webhook-id']);
    ids.add(verdict.deliveryId!);
  }
  t.equal(ids.size, hook.pushes.length, 'a delivery id per push');
  await post(`${emu.url}/_emulator/edit-customer`, { index: 0, email: 'edited@example.com' });
  t.equal(hook.pushes.at(-1)?.headers['x-shopify-topic'], 'customers/update', 'an edited customer is pushed too');

  const sample = hook.pushes[0]!;
  const tampered = { ...sample, rawBody: Buffer.from(sample.rawBody.toString().replace('"id":', '"id":9')) };
  const unsigned = { ...sample, headers: { ...sample.headers, 'x-shopify-hmac-sha256': '' } };
  const verdicts = [verify(tampered, config), verify(sample, { ...config, webhookSecret: 'shpss_other' }), verify(unsigned, config), verify(sample, configFor(emu))];
  for (const verdict of verdicts) {
    t.equal(verdict.accepted, false);
    if (!verdict.accepted) t.notMatch(verdict.reason, secret, 'the reason never shows the secret');
  }
  t.match(verdicts[3], { reason: /no webhookSecret/ });
  const state = await post(`${emu.url}/_emulator/state`, {});
  t.match(state.webhooks, { delivered: hook.pushes.length, failed: 0 });
});

t.test('GDPR topics are accepted and trigger nothing; the webhook id is the delivery id', async (t) => {
  const { createHmac } = await import('node:crypto');
  const secret = 'shpss_gdpr';
  const config = { shop: 'acme', accessToken: 'x', webhookSecret: secret };
  for (const topic of ['customers/data_request', 'customers/redact', 'shop/redact', 'products/update']) {
    const rawBody = Buffer.from(JSON.stringify({ shop_domain: 'acme.myshopify.com' }));
    const headers = { 'x-shopify-topic': topic, 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(rawBody).digest('base64'), 'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' };
    t.match(verify({ method: 'POST', headers, query: {}, rawBody }, config), { accepted: true, streams: [], topic, deliveryId: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' }, topic);
  }
  const rawBody = Buffer.from('{}');
  const bad = verify({ method: 'POST', headers: { 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(rawBody).digest('base64') }, query: {}, rawBody }, config);
  t.match(bad, { accepted: false, reason: /X-Shopify-Topic/ }, 'a signed push without a topic is malformed');
});

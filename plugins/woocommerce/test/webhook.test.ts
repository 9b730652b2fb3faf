import { pushReceiver } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { body, configFor, emulator } from './helpers/woo.js';

const verify = plugin.source!.webhook!.verify;

t.test('real pushes from the emulator verify; tampered, wrongly signed and unsigned ones do not', async (t) => {
  const emu = await emulator(t);
  const hook = await pushReceiver(t, 'woo');
  const secret = 'whsec_datong_test';
  const config = configFor(emu, { webhookSecret: secret });
  const subscribed = await await body(fetch(`${emu.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: hook.url, secret }) }));
  t.match(subscribed, { id: 1, ping: true });

  const ping = hook.pushes[0]!;
  t.equal(ping.rawBody.toString(), 'webhook_id=1', 'the creation ping');
  t.match(verify(ping, config), { accepted: true, streams: [], topic: 'ping' }, 'the ping is answered and triggers nothing');

  const summary = await await body(fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 3, customers: 2 }) }));
  const pushes = hook.pushes.slice(1);
  t.equal(pushes.length, summary.changes.length, 'one push per changed resource');
  const deliveryIds = new Set<string>();
  for (const push of pushes) {
    const verdict = verify(push, config);
    t.ok(verdict.accepted, `${push.headers['x-wc-webhook-topic']} verifies`);
    if (!verdict.accepted) continue;
    const resource = push.headers['x-wc-webhook-resource'];
    t.same(verdict.streams, resource === 'order' ? ['orders', 'refunds'] : ['customers']);
    t.equal(verdict.topic, push.headers['x-wc-webhook-topic']);
    t.ok(verdict.deliveryId, 'the delivery id is passed on');
    deliveryIds.add(verdict.deliveryId!);
  }
  t.equal(deliveryIds.size, pushes.length, 'delivery ids are distinct');
  t.ok(pushes.some((p) => p.headers['x-wc-webhook-topic'] === 'order.created'));
  t.ok(pushes.some((p) => p.headers['x-wc-webhook-topic'] === 'customer.updated'));

  const sample = pushes[0]!;
  const tampered = { ...sample, rawBody: Buffer.from(sample.rawBody.toString().replace('"status":"', '"status":"x')) };
  const noSignature = { ...sample, headers: { ...sample.headers, 'x-wc-webhook-signature': '' } };
  const rejected = [verify(tampered, config), verify(sample, { ...config, webhookSecret: 'not-the-secret' }), verify(noSignature, config), verify(sample, configFor(emu))];
  for (const verdict of rejected) {
    t.equal(verdict.accepted, false);
    if (!verdict.accepted) t.notMatch(verdict.reason, secret, 'the reason never shows the secret');
    if (!verdict.accepted) t.notMatch(verdict.reason, sample.headers['x-wc-webhook-signature']!, 'nor a signature');
  }
  t.match(rejected[3], { accepted: false, reason: /no webhookSecret/ }, 'no secret configured: rejected');
  const fakePing = { ...sample, rawBody: Buffer.from('webhook_id=1'), headers: { ...sample.headers, 'x-wc-webhook-signature': '' } };
  t.equal(verify(fakePing, config).accepted, false, 'a ping body with a topic header is no ping');

  const state = await await body(fetch(`${emu.url}/_emulator/state`, { method: 'POST' }));
  t.match(state.webhooks, { delivered: pushes.length, failed: 0, pings: 1 });
});

t.test('a failed delivery is counted, not retried, and the webhook is disabled after 5', async (t) => {
  const emu = await emulator(t, { orders: 10, customers: 3 });
  await fetch(`${emu.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:9/nobody', secret: 's' }) });
  await emu.mutate({ orders: 4, customers: 2 });
  await emu.mutate({ orders: 4, customers: 2 });
  const state = await await body(fetch(`${emu.url}/_emulator/state`, { method: 'POST' }));
  t.equal(state.webhooks.delivered, 0);
  t.equal(state.webhooks.failed, 5, 'five failures, then disabled');
  t.equal(state.webhooks.subscriptions[0].status, 'disabled');
});

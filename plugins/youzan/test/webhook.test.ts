import { pushReceiver } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { configFor, emulator } from './helpers/youzan.js';

t.test('real pushes from the emulator pass verify; tampered, wrongly keyed and unsigned ones do not', async (t) => {
  const emu = await emulator(t);
  const hook = await pushReceiver(t, 'yz', { contentType: 'application/json', body: '{"code":0,"msg":"success"}' });
  const control = await fetch(`${emu.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: hook.url }) });
  t.equal(control.status, 200);
  const changed = (await (await fetch(`${emu.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 3, customers: 1, refunds: 1 }) })).json()) as { orders: string[]; customers: string[]; refunds: string[] };
  const expected = changed.orders.length + changed.customers.length + changed.refunds.length;
  t.ok(expected >= 5);
  t.equal(hook.pushes.length, expected, 'one push per changed order, refund and customer');
  const config = configFor(emu, { webhookSecret: emu.credentials.webhookSecret });
  const verify = plugin.source!.webhook!.verify;
  const verdicts = hook.pushes.map((p) => verify(p, config));
  t.ok(verdicts.every((v) => v.accepted), 'every real push is accepted');
  const streams = verdicts.map((v) => (v.accepted ? v.streams.join('+') : ''));
  t.ok(streams.includes('orders') && streams.includes('customers') && streams.includes('refunds+orders'), 'orders, customers and refunds are touched', { streams });
  const first = verdicts[0]!;
  if (first.accepted) {
    t.match(first.topic, /^trade_/);
    t.type(first.deliveryId, 'string');
    t.same(first.response?.json, { code: 0, msg: 'success' });
  }
  const push = hook.pushes[0]!;
  const tampered = { ...push, rawBody: Buffer.from(push.rawBody.toString('utf8').replace('"kdt_id":', '"kdt_id": ')) };
  t.match(verify(tampered, config), { accepted: false, reason: /does not match/ });
  t.match(verify(push, { ...config, webhookSecret: 'another-secret' }), { accepted: false });
  const unsigned = { ...push, headers: Object.fromEntries(Object.entries(push.headers).filter(([k]) => k !== 'event-sign')) };
  t.match(verify(unsigned, config), { accepted: false, reason: /no Event-Sign/ });
  t.match(verify(push, { ...config, webhookSecret: undefined }), { accepted: false, reason: /no webhookSecret/ });
  const reasons = [verify(tampered, config), verify(push, { ...config, webhookSecret: 'another-secret' })].map((v) => JSON.stringify(v));
  t.notOk(reasons.some((r) => r.includes(String(config.webhookSecret)) || r.includes(push.headers['event-sign']!)), 'no reason echoes the secret or the signature');
  const state = (await (await fetch(`${emu.url}/_emulator/state`, { method: 'POST' })).json()) as { pushes: { delivered: number; failed: number } };
  t.same(state.pushes, { delivered: expected, failed: 0 });
});

t.test('a receiver that is down is counted as a failed delivery, not retried forever', async (t) => {
  const emu = await emulator(t);
  await fetch(`${emu.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:9/nothing-here' }) });
  await emu.mutate({ orders: 2 });
  const state = (await (await fetch(`${emu.url}/_emulator/state`, { method: 'POST' })).json()) as { pushes: { delivered: number; failed: number } };
  t.same(state.pushes, { delivered: 0, failed: 2 });
});

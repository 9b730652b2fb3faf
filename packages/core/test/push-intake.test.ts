import t, { type Test } from 'tap';
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline } from '../src/pipeline-loader.js';
import { preparePipeline } from '../src/prepare-pipeline.js';
import { PushIntake } from '../src/push-intake.js';
import { sdkEntry, writePluginPackage } from './helpers/plugin-package.js';

const SECRET = 'whsec-test-5f2c9a';

/** A plugin whose pushes carry `X-Sig: hex HMAC-SHA256(secret, raw body)` and `X-Topic: orders/updated`. */
function installPushPlugin(dir: string): void {
  writePluginPackage(dir, 'datong-plugin-push', {
    source: { type: 'object', properties: { webhookSecret: { type: 'string', 'x-secret': true } } },
    sink: { type: 'object' },
  }, `
import { createHmac, timingSafeEqual } from 'node:crypto';
import { definePlugin } from ${sdkEntry};
const stream = (name) => ({ spec: { name, key: ['id'], schema: { type: 'object' } }, async *read() {} });
export default definePlugin({
  source: {
    async open() { return { streams: async () => [stream('customers'), stream('orders'), stream('refunds')] }; },
    webhook: {
      verify(request, config) {
        if (!config.webhookSecret) return { accepted: false, reason: 'no webhook secret is configured' };
        if (request.headers['x-topic'] === 'boom') throw new Error('unreadable');
        const given = Buffer.from(request.headers['x-sig'] ?? '', 'hex');
        const expected = createHmac('sha256', config.webhookSecret).update(request.rawBody).digest();
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { accepted: false, reason: 'signature does not match' };
        const topic = request.headers['x-topic'];
        return { accepted: true, streams: [topic.split('/')[0]], topic, deliveryId: request.headers['x-delivery'] };
      },
    },
  },
  sink: { async open() { return { object: async (spec) => ({ spec, async write() {} }) }; } },
});
`);
}

async function intake(t: Test, withSecret = true) {
  const dir = t.testdir({});
  installPushPlugin(dir);
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, `name: pushes
sources:
  shop: { plugin: datong-plugin-push, config: ${withSecret ? '{ webhookSecret: { env: PUSH_SECRET } }' : '{}'} }
sinks:
  out: { plugin: datong-plugin-push, config: {} }
stages:
  - { name: customers, from: shop.customers, to: out.contacts }
  - { name: orders, after: [customers], from: shop.orders, to: out.deals }
  - { name: refunds, after: [orders], from: shop.refunds, to: out.refunds }
`);
  const p = await preparePipeline(await loadPipeline(file), { ...process.env, PUSH_SECRET: SECRET });
  return new PushIntake(p, { rememberDeliveries: 2 });
}

const push = (body: string, headers: Record<string, string>) => ({ method: 'POST', query: {}, rawBody: Buffer.from(body), headers });
const signed = (body: string, topic: string, delivery?: string) =>
  push(body, { 'x-topic': topic, 'x-sig': createHmac('sha256', SECRET).update(body).digest('hex'), ...(delivery ? { 'x-delivery': delivery } : {}) });

t.test('an accepted push names the stages reading what it touches, with the stages they wait for, in pipeline order', async (t) => {
  const i = await intake(t);
  t.same(i.sources(), ['shop']);
  t.match(i.receive('shop', signed('{"id":1}', 'orders/updated', 'd1')), { status: 200, accepted: true, stages: ['customers', 'orders'], topic: 'orders/updated' });
  t.same(i.receive('shop', signed('{"id":2}', 'customers/create', 'd2')).stages, ['customers']);
  t.same(i.receive('shop', signed('{"id":3}', 'refunds/create', 'd3')).stages, ['customers', 'orders', 'refunds']);
  t.same(i.receive('shop', signed('{"id":4}', 'products/update', 'd4')).stages, [], 'a topic no stage reads runs nothing');
});

t.test('unsigned, wrongly signed and tampered pushes are refused with 401 and counted by reason; a throwing plugin gives 400', async (t) => {
  const i = await intake(t);
  const good = signed('{"id":1,"total":"10.00"}', 'orders/updated');
  t.match(i.receive('shop', push('{"id":1}', { 'x-topic': 'orders/updated' })), { status: 401, accepted: false, stages: [] });
  t.match(i.receive('shop', { ...good, rawBody: Buffer.from('{"id":1,"total":"99.00"}') }), { status: 401, reason: 'signature does not match' });
  t.match(i.receive('shop', push('{}', { 'x-topic': 'boom' })), { status: 400, accepted: false, reason: /could not read the push: unreadable/ });
  t.match(i.receive('nowhere', good), { status: 404, accepted: false });
  const tally = i.tally().shop!;
  t.equal(tally.rejected, 3);
  t.equal(tally.accepted, 0);
  t.equal(tally.reasons['signature does not match'], 2, 'the missing and the tampered signature');
});

t.test('a redelivered push (same delivery id) is answered as accepted and runs nothing more', async (t) => {
  const i = await intake(t);
  t.same(i.receive('shop', signed('{"id":1}', 'orders/updated', 'same')).stages, ['customers', 'orders']);
  t.match(i.receive('shop', signed('{"id":1}', 'orders/updated', 'same')), { status: 200, accepted: true, duplicate: true, stages: [] });
  // Only the latest deliveries are remembered (2 here): an old id is treated as new again.
  i.receive('shop', signed('{}', 'orders/updated', 'x'));
  i.receive('shop', signed('{}', 'orders/updated', 'y'));
  t.equal(i.receive('shop', signed('{"id":1}', 'orders/updated', 'same')).duplicate, undefined);
  t.match(i.tally().shop, { accepted: 4, duplicates: 1 });
});

t.test('a source configured without a webhook secret refuses every push', async (t) => {
  const i = await intake(t, false);
  t.match(i.receive('shop', signed('{"id":1}', 'orders/updated')), { status: 401, reason: 'no webhook secret is configured' });
});

import t from 'tap';
import { MemoryPluginState } from '../src/index.js';
import { createContractAjv, schemaProperties } from '../src/testing/contract-ajv.js';
import { compareCursors, differingFields, sameValue, secretFields, secretValues, testContext } from '../src/testing/index.js';

t.test('cursors compare as moments, numbers or text, a missing one oldest', async (t) => {
  t.equal(compareCursors('2025-01-02T08:00:00+08:00', '2025-01-02T00:00:00Z'), 0, 'one moment in two zones');
  t.equal(compareCursors('2025-01-02T00:00:01Z', '2025-01-02T00:00:00.999Z'), 1);
  t.equal(compareCursors(new Date('2025-01-01T00:00:00Z'), '2025-01-01T00:00:00.000Z'), 0);
  t.equal(compareCursors(9, 10), -1, 'numbers numerically, not as text');
  t.equal(compareCursors('9', '10'), -1, 'numeric text numerically too');
  t.equal(compareCursors('b', 'a'), 1);
  t.equal(compareCursors(undefined, '2020-01-01T00:00:00Z'), -1);
  t.equal(compareCursors(null, undefined), 0);
});

t.test('read-back content is compared as storage would respell it', async (t) => {
  t.ok(sameValue(12.5, '12.50'), 'a decimal column');
  t.ok(sameValue(new Date('2025-03-01T00:00:00Z'), '2025-03-01T08:00:00+08:00'), 'a timestamp column');
  t.ok(sameValue({ a: 1, b: [1, 2] }, '{"b":[1,2],"a":1}'), 'a JSON column read back as text');
  t.ok(sameValue(true, 'true'));
  t.ok(sameValue(null, undefined), 'an empty column');
  t.notOk(sameValue('gold', 'platinum'));
  t.notOk(sameValue(1, '1.5'));
  t.notOk(sameValue([1, 2], [1]));
  t.notOk(sameValue({ a: 1 }, 'a'));
  t.same(differingFields({ email: 'a@b.c', tier: 'gold' }, { email: 'a@b.c', tier: 'silver', id: 7 }), ['tier'], 'fields the sink adds are ignored');
});

t.test('secret values are found wherever the config schema marks x-secret', async (t) => {
  const schema = {
    type: 'object',
    properties: {
      shop: { type: 'string' },
      token: { type: 'string', 'x-secret': true },
      oauth: { type: 'object', properties: { clientSecret: { type: 'string', 'x-secret': true }, clientId: { type: 'string' } } },
      short: { type: 'string', 'x-secret': true },
    },
    additionalProperties: { type: 'string', 'x-secret': true },
  };
  const config = { shop: 'acme', token: 'tok-123456', oauth: { clientId: 'id-1', clientSecret: 'cs-abcdef' }, short: 'abc', extra: 'more-secret' };
  t.same(secretValues(config, schema), ['tok-123456', 'cs-abcdef', 'more-secret'], 'values under four characters are not worth hiding, as in the redactor');
  t.same(secretFields(config, schema).map((f) => f.pointer), ['/token', '/oauth/clientSecret', '/extra']);
  t.same(secretValues(config, undefined), [], 'no schema, no known secrets');
});

t.test('a test context records what the plugin logs and keeps its state', async (t) => {
  const state = new MemoryPluginState();
  const ctx = testContext({ baseDir: '/tmp/project', state });
  ctx.logger.warn('token refreshed', { attempt: 2 });
  t.same(ctx.messages, [{ level: 'warn', message: 'token refreshed', fields: { attempt: 2 } }]);
  t.equal(ctx.baseDir, '/tmp/project');
  await ctx.state.setSecret('oauth2.refresh_token', 'rt-rotated-1');
  t.equal(await state.getSecret('oauth2.refresh_token'), 'rt-rotated-1', 'the state handed in is the one the plugin writes');

  ctx.secret('at-learnt-at-run-time');
  t.equal(ctx.redactor.text('Bearer at-learnt-at-run-time'), 'Bearer [redacted]', 'ctx.secret feeds the redactor the test can read');

  t.notOk(ctx.signal.aborted);
  ctx.controller.abort(new Error('run cancelled'));
  t.ok(ctx.signal.aborted, 'the controller aborts the signal the plugin sees');
});

t.test('each test context has its own rate limiters, so one test cannot slow the next', async (t) => {
  const a = testContext();
  const b = testContext();
  const options = { capacity: 2, refillPerSecond: 1 };
  t.equal(a.rateLimiter('shop:acme', options), a.rateLimiter('shop:acme', options), 'shared within a context');
  t.not(a.rateLimiter('shop:acme', options), b.rateLimiter('shop:acme', options), 'not across contexts');
});

t.test('a stream schema built on a commerce model has the model fields as properties', async (t) => {
  const ajv = createContractAjv();
  const fields = schemaProperties(ajv, { allOf: [{ $ref: 'https://datong.dev/schemas/commerce/order.schema.json' }], properties: { shop_extra: { type: 'string' } } });
  t.ok(fields.has('shop_extra'));
  t.ok(fields.has('payment_status'), 'fields of the referenced canonical order count');
});

import { UpstreamError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { WechatClient } from '../src/wechat-client.js';
import { resolveConfig } from '../src/wechat-config.js';
import { classifyWechat } from '../src/wechat-errors.js';
import { configFor, emulator, openStream, readAll } from './helpers/wechat.js';

const response = (body: unknown) => ({ status: 200, headers: {}, text: JSON.stringify(body), json: () => body as any, request: 'POST https://api.weixin.qq.com/x?access_token=[redacted]' });

t.test('45011 (minute quota) waits for the next minute, then retries', async (t) => {
  const verdict = classifyWechat(response({ errcode: 45011, errmsg: 'api minute-quota reach limit' }), { fixedToken: false, now: () => Date.UTC(2026, 0, 1, 0, 0, 42, 500) });
  t.match(verdict, { retry: true, afterMs: 17_750, pauseLimiter: true }, '17.5 s to the minute, and a little more');
});

t.test('over the wire: a minute-quota answer is waited out and the read goes on', async (t) => {
  const emu = await emulator(t, { orders: 10 });
  const { stream, ctx } = await openStream(configFor(emu, { minuteQuotaWaitSeconds: 1 }), 'orders');
  emu.kit.setFaults({ rateLimitAfter: 3, rateLimitCalls: 2 });
  const started = Date.now();
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 10);
  t.equal(emu.kit.requests.filter((r) => r.fault === 'rate-limit').length, 2, 'two calls answered 45011');
  t.ok(Date.now() - started >= 1900, 'each waited the second the test config asks');
  t.match(ctx.messages.filter((m) => m.level === 'warn').map((m) => m.message), [/minute quota reached \(errcode 45011/]);
});

t.test('45009 (daily quota) stops the run with a clear, non-retryable error', async (t) => {
  const emu = await emulator(t, { dailyQuota: 3 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const error = await readAll(stream, ctx).catch((e: unknown) => e);
  t.ok(error instanceof UpstreamError);
  t.match(error, { code: 'RATE_LIMIT_DAILY', retryable: false, platformCode: '45009', message: /daily API quota.*next run goes on/ });
});

t.test('errcode -1 (system busy) inside an HTTP 200 is retried', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  emu.kit.setFaults({ errorBurst: 2 });
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 5);
  t.equal(emu.kit.requests.filter((r) => r.fault === '5xx').length, 2);
  t.ok(emu.kit.requests.every((r) => r.status === 200), 'all answers were HTTP 200');
});

t.test('bad credentials: AUTH_FAILED, not retryable, no secret in the message', async (t) => {
  const emu = await emulator(t);
  const secret = `${emu.credentials.appSecret}-wrong`;
  const { stream, ctx } = await openStream(configFor(emu, { appSecret: secret }), 'orders');
  const error = await readAll(stream, ctx).catch((e: unknown) => e);
  t.match(error, { code: 'AUTH_FAILED', retryable: false, platformCode: '40125', message: /appSecret is not valid/ });
  t.notMatch((error as Error).message, secret);
  t.match((error as Error).message, /secret=\[redacted\]/, 'the secret query parameter is redacted');
});

t.test('the access_token never shows in a message', async (t) => {
  const emu = await emulator(t);
  const ctx = testContext();
  const client = new WechatClient(resolveConfig(configFor(emu) as never), ctx);
  const error = await client.post('/channels/ec/order/get', { order_id: 'no-such-order' }).catch((e: unknown) => e);
  t.match(error, { code: 'UPSTREAM_REJECTED', retryable: false, platformCode: '100002' });
  const token = client.auth.current()!;
  t.ok(token.length > 20);
  t.notMatch((error as Error).message, token);
  t.match((error as Error).message, /access_token=\[redacted\]/);
  t.notMatch(JSON.stringify(ctx.messages), token, 'nor in a log line');
});

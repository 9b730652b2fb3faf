import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookRequest } from '@datong/sdk';
import t from 'tap';
import { pushSignature, verifyWechatPush } from '../src/index.js';
import { emulator } from './helpers/wechat.js';

// WeChat signs no API request (the access_token authenticates them); what it signs is the message
// push. Worked example from wechatpy (wechatpy/wechatpy tests/test_utils.py,
// test_check_signature_should_ok), also reproduced in a shell:
//   printf '%s' $(printf '%s\n' test 1410685589 test | LC_ALL=C sort | tr -d '\n') | sha1sum
t.test("the push signature matches wechatpy's worked example", async (t) => {
  t.equal(pushSignature(['test', '1410685589', 'test']), 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff');
  t.equal(pushSignature(['1410685589', 'test', 'test']), 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff', 'order does not matter: the parts are sorted');
});

const push = (query: Record<string, string>, body = '{"Event":"channels_ec_order_pay","FromUserName":"o1","CreateTime":1410685589}', method = 'POST'): WebhookRequest => ({
  method, headers: {}, query, rawBody: Buffer.from(body),
});
const AT = 1410685589 * 1000;

t.test('pushes are verified with the pushToken', async (t) => {
  const config = { appId: 'wx1', appSecret: 's', pushToken: 'test' };
  const good = { signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff', timestamp: '1410685589', nonce: 'test' };
  t.match(verifyWechatPush(push(good), config, AT), { accepted: true, streams: ['orders'], topic: 'channels_ec_order_pay' });
  t.match(verifyWechatPush(push({ ...good, signature: 'f21891de399b4e33a1a93c9a7b8a8fffb5a443fe' }), config, AT), { accepted: false, reason: /does not match/ });
  t.match(verifyWechatPush(push(good), { appId: 'wx1', appSecret: 's' }, AT), { accepted: false, reason: /no pushToken/ });
  t.match(verifyWechatPush(push(good), config, AT + 301_000), { accepted: false, reason: /more than 300 s/ }, 'a stale push is refused');
  t.match(verifyWechatPush(push({ ...good, echostr: 'hello' }, '', 'GET'), config, AT), { accepted: true, streams: [], response: { text: 'hello' } }, 'the URL check');
  const aftersale = verifyWechatPush(push(good, '<xml><Event><![CDATA[channels_ec_aftersale_update]]></Event></xml>'), config, AT);
  t.match(aftersale, { accepted: true, streams: ['aftersales'] }, 'an XML push works too');
  const encrypt = 'c2VjcmV0LXN0dWZm';
  const safe = { msg_signature: pushSignature(['test', '1410685589', 'test', encrypt]), timestamp: '1410685589', nonce: 'test' };
  t.match(verifyWechatPush(push(safe, JSON.stringify({ Encrypt: encrypt })), config, AT), { accepted: true, streams: ['orders', 'aftersales'] }, 'safe mode: msg_signature over Encrypt too');
});

t.test("the emulator's signed pushes pass, tampered ones are refused", async (t) => {
  const emu = await emulator(t);
  const verdicts: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const verdict = verifyWechatPush({ method: req.method ?? 'POST', headers: {}, query: Object.fromEntries(url.searchParams), rawBody: Buffer.concat(chunks) }, { appId: 'wx', appSecret: 's', pushToken: 'shop-push-token' });
      verdicts.push(verdict);
      res.writeHead(verdict.accepted ? 200 : 401).end(verdict.accepted ? 'success' : 'refused');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wechat`;
  const send = async (body: Record<string, unknown>) => (await (await fetch(`${emu.url}/_emulator/push`, { method: 'POST', body: JSON.stringify({ url, token: 'shop-push-token', ...body }) })).json()) as { status: number };
  t.match(await send({ orderId: emu.store.orders[0]!.orderId }), { status: 200 });
  t.match(await send({ event: 'channels_ec_aftersale_update' }), { status: 200 });
  t.match(await send({ tamper: true }), { status: 401 });
  t.match(verdicts, [{ accepted: true, streams: ['orders'] }, { accepted: true, streams: ['aftersales'] }, { accepted: false }]);
});

import { DatongError } from '@datong/sdk';
import t, { type Test } from 'tap';
import { douyinSign, gatewayTimestamp, paramJson } from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/douyin.js';

// No worked example published by Douyin itself or its official SDK was found. These two vectors
// come from third-party SDK tests found by code search (recorded in the README), and both agree
// with the documented algorithm computed by hand:
//   printf '%s' 'secretapp_keyapp-keymethodorder.searchListparam_json{"a":1,"nested":{"a":1,"z":2},"z":2}timestamp1700000000v2secret' | openssl dgst -sha256 -hmac secret
//   printf '%s' 'secretapp_keykeymethodafterSale.Listparam_json{"a":"中文","z":{"a":1,"b":2}}timestamp1700000000v2secret' | openssl dgst -sha256 -hmac secret
//   printf '%s' 'secretapp_keyapp-keymethodorder.searchListparam_json{"a":1,"nested":{"a":1,"z":2},"z":2}timestamp1700000000v2secret' | md5sum
t.test('param_json sorts keys recursively, compact, arrays in order, no escaping of Chinese', async (t) => {
  t.equal(paramJson({ z: 2, nested: { z: 2, a: 1 }, a: 1 }), '{"a":1,"nested":{"a":1,"z":2},"z":2}');
  t.equal(paramJson({ z: { b: 2, a: 1 }, a: '中文' }), '{"a":"中文","z":{"a":1,"b":2}}');
  t.equal(paramJson({ list: [{ y: 1, x: 2 }, 3], u: undefined }), '{"list":[{"x":2,"y":1},3]}');
});

t.test('the signer matches the worked examples (hmac-sha256 and md5, lowercase hex)', async (t) => {
  // Code-search hit id 63089727768 (a TypeScript project's vitest of doudianSign).
  t.equal(
    douyinSign({ appKey: 'app-key', method: 'order.searchList', paramJson: '{"a":1,"nested":{"a":1,"z":2},"z":2}', timestamp: '1700000000', v: '2' }, 'secret', 'hmac-sha256'),
    '53e8b7af0b657637e8a8013bb6b2a2c41b5da7f0dff35d98de3e9ae3e9c0a442',
  );
  // Code-search hit id 60197153196 (a Python project's test_douyin_marshal_recursively_sorts_keys_and_signs).
  t.equal(
    douyinSign({ appKey: 'key', method: 'afterSale.List', paramJson: paramJson({ z: { b: 2, a: 1 }, a: '中文' }), timestamp: '1700000000', v: '2' }, 'secret', 'hmac-sha256'),
    '41a936e864f21132393c90aef75a41d150a564156d3dc71053ecdc92fc82728f',
  );
  t.equal(
    douyinSign({ appKey: 'app-key', method: 'order.searchList', paramJson: '{"a":1,"nested":{"a":1,"z":2},"z":2}', timestamp: '1700000000', v: '2' }, 'secret', 'md5'),
    '5f08e7797594a10d0b49bcb0fb0a1282',
  );
});

t.test('timestamps are yyyy-MM-dd HH:mm:ss in GMT+8', async (t) => {
  t.equal(gatewayTimestamp(Date.UTC(2026, 11, 3, 16, 30, 5)), '2026-12-04 00:30:05');
});

/** Sends a hand-made request to the emulator's gateway. */
async function send(t: Test, url: string, query: Record<string, string>, body: string): Promise<{ code: number; sub_code: string }> {
  const target = new URL(`${url}/order/searchList`);
  for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
  const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  t.equal(response.status, 200, 'errors come inside HTTP 200');
  return (await response.json()) as { code: number; sub_code: string };
}

t.test('the emulator verifies signatures: right ones pass, wrong, unsorted and upper-case ones are refused', async (t) => {
  const emu = await emulator(t, { orders: 10 });
  const { appKey, appSecret, accessToken } = emu.credentials;
  const method = 'order.searchList';
  const timestamp = gatewayTimestamp(Date.now());
  const sorted = paramJson({ update_time_start: Math.floor(Date.now() / 1000) - 3600, page: 0, size: 10 });
  const unsorted = `{"update_time_start":${Math.floor(Date.now() / 1000) - 3600},"size":10,"page":0}`;
  const base = { method, app_key: appKey, access_token: accessToken, timestamp, v: '2', sign_method: 'hmac-sha256' };
  const good = douyinSign({ appKey, method, paramJson: sorted, timestamp, v: '2' }, appSecret);
  t.equal((await send(t, emu.url, { ...base, sign: good }, sorted)).code, 10000, 'a right signature passes');
  t.equal((await send(t, emu.url, { ...base, sign: good }, unsorted)).code, 10000, 'the gateway signs the re-sorted param_json, so key order on the wire does not matter');
  const overUnsorted = douyinSign({ appKey, method, paramJson: unsorted, timestamp, v: '2' }, appSecret);
  t.match(await send(t, emu.url, { ...base, sign: overUnsorted }, unsorted), { code: 40003, sub_code: 'isv.signature-invalid' }, 'a signature over unsorted keys is refused');
  t.match(await send(t, emu.url, { ...base, sign: good.toUpperCase() }, sorted), { code: 40003 }, 'upper-case hex is refused');
  t.match(await send(t, emu.url, { ...base, sign: douyinSign({ appKey, method, paramJson: sorted, timestamp, v: '2' }, 'wrong-secret') }, sorted), { code: 40003 }, 'a wrong secret is refused');
  t.equal((await send(t, emu.url, { ...base, access_token: emu.credentials.refreshToken, sign: good }, sorted)).code, 30001, 'access_token is not signed: the same signature, another token, fails only on the token');
  const md5 = douyinSign({ appKey, method, paramJson: sorted, timestamp, v: '2' }, appSecret, 'md5');
  t.equal((await send(t, emu.url, { ...base, sign_method: 'md5', sign: md5 }, sorted)).code, 10000, 'md5 signatures pass too');
  const unix = String(Math.floor(Date.now() / 1000));
  t.equal((await send(t, emu.url, { ...base, timestamp: unix, sign: douyinSign({ appKey, method, paramJson: sorted, timestamp: unix, v: '2' }, appSecret) }, sorted)).code, 10000, 'Unix-second timestamps are accepted too');
  const stale = gatewayTimestamp(Date.now() - 3600_000);
  t.match(await send(t, emu.url, { ...base, timestamp: stale, sign: douyinSign({ appKey, method, paramJson: sorted, timestamp: stale, v: '2' }, appSecret) }, sorted), { code: 40004 }, 'a timestamp an hour off is refused');
});

t.test('the source signs with either method, and a wrong secret is a clear signature error', async (t) => {
  const emu = await emulator(t, { orders: 12 });
  const md5 = await openStream(configFor(emu, { signMethod: 'md5' }), 'orders');
  t.equal((await readAll(md5.stream, md5.ctx)).records.length, 12, 'md5-signed reads work');
  const wrong = await openStream(configFor(emu, { appSecret: 'not-the-secret' }), 'orders');
  const error = await readAll(wrong.stream, wrong.ctx).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof DatongError, 'a typed error');
  t.match(error, { code: 'SIGNATURE_INVALID', retryable: false, message: /signature.*check appSecret and signMethod/ });
  t.notMatch((error as Error).message, /not-the-secret/, 'the secret is not in the message');
});

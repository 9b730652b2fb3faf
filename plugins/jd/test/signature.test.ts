import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { expectedSign } from '../emulator/index.js';
import { josSign } from '../src/index.js';
import plugin from '../src/index.js';
import { configFor, emulator } from './helpers/jd.js';

// JD's own worked example, from its developer guide (https://open.jd.com/v2/#/doc/dev-guide?listId=2643,
// as quoted in a public repository's "official signature vectors" file found by code search):
// secret "yourappSecret", jingdong.pop.order.search, the signed parameters being exactly
// 360buy_param_json, access_token, app_key, method, timestamp (its text as sent) and v.
// Reproduced by hand too:
//   printf '%s' 'yourappSecret360buy_param_json{"end_date":null,"optional_fields":null,"order_state":"WAIT_SELLER_STOCK_OUT","page":"1","page_size":"200","start_date":null}access_tokenyourtokenapp_keyyourappkeymethodjingdong.pop.order.searchtimestamp2021-05-07 09:20:39.683+0800v2.0yourappSecret' | openssl md5
const OFFICIAL = {
  params: {
    '360buy_param_json': '{"end_date":null,"optional_fields":null,"order_state":"WAIT_SELLER_STOCK_OUT","page":"1","page_size":"200","start_date":null}',
    access_token: 'yourtoken',
    app_key: 'yourappkey',
    method: 'jingdong.pop.order.search',
    timestamp: '2021-05-07 09:20:39.683+0800',
    v: '2.0',
  },
  secret: 'yourappSecret',
  sign: 'D70825340F4084360B9362B60DFD7930',
};

// A second example, shaped like the one in the jd-union SDK's README (npm "jd-union":
// jd.union.open.goods.jingfen.query, {"goodsReq":{"eliteId":22}}, format and sign_method sent), with
// made-up key and secret (that README's look like a real app's). No result is published for it, so the
// expected value was computed by hand from the documented algorithm:
//   S=jos-test-secret-not-real; K=jos-test-app-key; printf '%s' "${S}360buy_param_json{\"goodsReq\":{\"eliteId\":22}}app_key${K}formatjsonmethodjd.union.open.goods.jingfen.querysign_methodmd5timestamp2018-10-18 11:13:12v1.0${S}" | openssl md5
const WORKED = {
  params: {
    method: 'jd.union.open.goods.jingfen.query',
    app_key: 'jos-test-app-key',
    timestamp: '2018-10-18 11:13:12',
    format: 'json',
    v: '1.0',
    sign_method: 'md5',
    '360buy_param_json': '{"goodsReq":{"eliteId":22}}',
  },
  secret: 'jos-test-secret-not-real',
  sign: '982549E3ABE378D11CCF07F99C028917',
};

t.test("the signer matches JD's official worked example, and so does the emulator", async (t) => {
  t.equal(josSign(OFFICIAL.params, OFFICIAL.secret), OFFICIAL.sign);
  t.equal(expectedSign(new Map(Object.entries(OFFICIAL.params)), OFFICIAL.secret), OFFICIAL.sign, 'the emulator, written apart, agrees');
});

t.test('the client sends exactly the parameters of the official example, plus sign', async (t) => {
  const emu = await emulator(t);
  const connection = await plugin.source!.open(configFor(emu), testContext());
  await connection.check!();
  const sent = emu.kit.requests.find((r) => r.path === '/routerjson')!;
  t.same(Object.keys(sent.query).sort(), ['360buy_param_json', 'access_token', 'app_key', 'method', 'sign', 'timestamp', 'v']);
  t.match(sent.query.timestamp, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'yyyy-MM-dd HH:mm:ss');
});

t.test('the signer matches the jd-union example (format and sign_method signed when sent), and so does the emulator', async (t) => {
  t.equal(josSign(WORKED.params, WORKED.secret), WORKED.sign);
  t.equal(expectedSign(new Map(Object.entries(WORKED.params)), WORKED.secret), WORKED.sign, 'the emulator, written apart, agrees');
  t.equal(josSign({ ...WORKED.params, sign: 'ignored' }, WORKED.secret), WORKED.sign, 'sign itself is not signed');
});

t.test('the emulator refuses a wrong signature with error 12 inside HTTP 200', async (t) => {
  const emu = await emulator(t);
  const url = new URL(`${emu.url}/routerjson`);
  for (const [k, v] of Object.entries({ ...WORKED.params, app_key: emu.credentials.appKey!, v: '2.0', method: 'jingdong.pop.order.enSearch', access_token: emu.credentials.accessToken!, timestamp: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') })) url.searchParams.set(k, v);
  url.searchParams.set('sign', '0'.repeat(32));
  const response = await fetch(url);
  t.equal(response.status, 200);
  t.match(await response.json(), { error_response: { code: '12', en_desc: 'Invalid Signature' } });
});

t.test('a wrong appSecret is a clear, non-retryable signature error', async (t) => {
  const emu = await emulator(t);
  const ctx = testContext();
  const connection = await plugin.source!.open(configFor(emu, { appSecret: 'not-the-secret' }), ctx);
  await t.rejects(connection.check!(), { code: 'SIGNATURE_INVALID', retryable: false, message: /appSecret/ });
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin, { formatTopTime, topSignature } from '../src/index.js';
import { configFor, emulator } from './helpers/taobao.js';

// The worked example of jellyfrank/taobao_sdk, taobao/tests/test_sign.py (a public TOP SDK's own test):
// app secret "helloworld", these parameters, sign_method md5 → 66987CB115214E59E6EC978214934FB8.
const EXAMPLE = {
  method: 'taobao.item.seller.get',
  app_key: '12345678',
  session: 'test',
  timestamp: '2016-01-01 12:00:00',
  format: 'json',
  v: '2.0',
  sign_method: 'md5',
  fields: 'num_iid,title,nick,price,num',
  num_iid: '11223344',
};

t.test('md5 matches the published worked example', async (t) => {
  t.equal(topSignature(EXAMPLE, 'helloworld', 'md5'), '66987CB115214E59E6EC978214934FB8');
});

t.test('hmac (HMAC-MD5) and hmac-sha256 match the documented algorithm, computed by hand', async (t) => {
  // No published example was found for these two; the expected values were computed with openssl from
  // the documented rule (sorted name+value pairs, HMAC keyed by the secret, no secret wrapping):
  //   printf '%s' 'app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodhmactimestamp2016-01-01 12:00:00v2.0' | openssl dgst -md5 -hmac helloworld
  //   printf '%s' 'app_key12345678fieldsnum_iid,title,nick,price,numformatjsonmethodtaobao.item.seller.getnum_iid11223344sessiontestsign_methodhmac-sha256timestamp2016-01-01 12:00:00v2.0' | openssl dgst -sha256 -hmac helloworld
  t.equal(topSignature({ ...EXAMPLE, sign_method: 'hmac' }, 'helloworld', 'hmac'), 'D56D7858309C31B6251083A874D48273');
  t.equal(
    topSignature({ ...EXAMPLE, sign_method: 'hmac-sha256' }, 'helloworld', 'hmac-sha256'),
    '04DB15AD0774D5CFCE2C837DE43E3FCEA9011ED74F3038FB6AB5F3C4CEA119E8',
  );
});

t.test('sign itself and empty values are not signed; order of the parameters does not matter', async (t) => {
  const reversed = Object.fromEntries(Object.entries(EXAMPLE).reverse());
  t.equal(topSignature({ ...reversed, sign: 'WHATEVER', partner_id: '', simplify: undefined }, 'helloworld', 'md5'), '66987CB115214E59E6EC978214934FB8');
});

t.test('timestamps are written in GMT+8', async (t) => {
  t.equal(formatTopTime(Date.UTC(2026, 0, 1, 16, 0, 0, 999)), '2026-01-02 00:00:00');
});

t.test('the emulator accepts every sign method the plugin sends', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  for (const signMethod of ['md5', 'hmac', 'hmac-sha256']) {
    const connection = await plugin.source!.open(configFor(emu, { signMethod }), testContext());
    await t.resolves(connection.check!(), `${signMethod}: check() passes`);
  }
  t.same(new Set(emu.kit.requests.map((r) => r.query.sign_method)), new Set(['md5', 'hmac', 'hmac-sha256']), 'each went out as its sign_method');
});

t.test('the emulator refuses a wrong signature with code 25, and the plugin says so without the secret', async (t) => {
  const emu = await emulator(t, { orders: 5 });
  const query = new URLSearchParams({ method: 'taobao.trade.fullinfo.get', app_key: emu.credentials.appKey!, session: emu.credentials.session!, timestamp: formatTopTime(Date.now()), format: 'json', v: '2.0', sign_method: 'md5', sign: '0123456789ABCDEF0123456789ABCDEF' });
  const raw = await fetch(`${emu.url}/router/rest?${query}`, { method: 'POST', body: new URLSearchParams({ tid: '1', fields: 'tid' }) });
  t.equal(raw.status, 200, 'errors come inside HTTP 200');
  t.match(await raw.json(), { error_response: { code: 25, msg: 'Invalid signature' } });

  const wrongSecret = 'not-the-app-secret';
  const ctx = testContext();
  ctx.secret(wrongSecret);
  const connection = await plugin.source!.open(configFor(emu, { appSecret: wrongSecret }), ctx);
  const error = await connection.check!().then(() => undefined, (e: unknown) => e as Error & { code?: string; retryable?: boolean });
  t.match(error, { code: 'AUTH_FAILED', retryable: false, message: /25 Invalid signature.*check appSecret and signMethod/ });
  t.notMatch(error?.message, wrongSecret);
  t.notMatch(error?.message, emu.credentials.session!, 'the session is not in the message');
});

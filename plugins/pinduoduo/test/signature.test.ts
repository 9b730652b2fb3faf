import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { expectedSign } from '../emulator/index.js';
import { PddClient, pddSign } from '../src/index.js';
import { resolveConfig } from '../src/pdd-config.js';
import { callsOf, configFor, emulator } from './helpers/pdd.js';

// A worked example. No signature with its inputs published by PDD or an official SDK was found
// (searched: PDD docs copies, niltor/open-pdd-net-sdk, lywzx/pdd-node-sdk, code hits such as
// differentname123/Shop-Fusion get_token.py, which implements the same rule but prints no result).
// So it was computed by hand from the documented rule, outside this code, with:
//
//   printf '%s' 'testSecretaccess_tokentestAccessTokenclient_idtestClientIddata_typeJSONend_updated_at1764720000order_status5page1page_size100refund_status5start_updated_at1764718200timestamp1764721000typepdd.order.number.list.increment.getversionV1testSecret' | md5sum
//   → 84dd8e2f3b0df30c21b8af786f723844  (openssl md5 agrees), written uppercase.
const EXAMPLE = {
  secret: 'testSecret',
  params: {
    type: 'pdd.order.number.list.increment.get',
    client_id: 'testClientId',
    access_token: 'testAccessToken',
    timestamp: '1764721000',
    data_type: 'JSON',
    version: 'V1',
    start_updated_at: '1764718200',
    end_updated_at: '1764720000',
    order_status: '5',
    refund_status: '5',
    page: '1',
    page_size: '100',
  },
  sign: '84DD8E2F3B0DF30C21B8AF786F723844',
};

t.test('the signer matches the worked example', async (t) => {
  t.equal(pddSign(EXAMPLE.params, EXAMPLE.secret), EXAMPLE.sign);
  t.equal(pddSign({ ...EXAMPLE.params, sign: 'ignored' }, EXAMPLE.secret), EXAMPLE.sign, 'sign itself is not signed');
  t.equal(pddSign({ ...EXAMPLE.params, trade_type: undefined }, EXAMPLE.secret), EXAMPLE.sign, 'an unsent parameter is not signed');
  t.not(pddSign({ ...EXAMPLE.params, page: '2' }, EXAMPLE.secret), EXAMPLE.sign, 'every value counts');
});

t.test("the emulator's independent verifier agrees with the worked example", async (t) => {
  t.equal(expectedSign(new Map(Object.entries(EXAMPLE.params)), EXAMPLE.secret), EXAMPLE.sign);
});

t.test('the client sends every system parameter, signed', async (t) => {
  const config = resolveConfig({ clientId: 'testClientId', clientSecret: 'testSecret', accessToken: 'testAccessToken' });
  const client = new PddClient(config, testContext());
  const form = client.signedForm('pdd.order.number.list.increment.get', { start_updated_at: 1764718200, end_updated_at: 1764720000, order_status: 5, refund_status: 5, page: 1, page_size: 100 }, 'testAccessToken', 1764721000_000);
  t.same(form, { ...EXAMPLE.params, sign: EXAMPLE.sign }, 'timestamp in Unix seconds, data_type JSON, version V1');
});

t.test('the emulator rejects a wrong signature with error 20004 inside HTTP 200', async (t) => {
  const emu = await emulator(t);
  const { clientId, accessToken } = emu.credentials;
  const form = { type: 'pdd.order.number.list.increment.get', client_id: clientId!, access_token: accessToken!, timestamp: String(Math.floor(Date.now() / 1000)), data_type: 'JSON', start_updated_at: '1', end_updated_at: '2', order_status: '5', refund_status: '5' };
  const wrong = await fetch(`${emu.url}/api/router`, { method: 'POST', body: new URLSearchParams({ ...form, sign: pddSign(form, 'not-the-secret') }) });
  t.equal(wrong.status, 200);
  t.match(await wrong.json(), { error_response: { error_code: 20004, error_msg: '签名sign校验失败' } });
  const lower = await fetch(`${emu.url}/api/router`, { method: 'POST', body: new URLSearchParams({ ...form, sign: pddSign(form, emu.credentials.clientSecret!).toLowerCase() }) });
  t.match(await lower.json(), { error_response: { error_code: 20004 } }, 'lowercase hex is not the signature');
  const right = await fetch(`${emu.url}/api/router`, { method: 'POST', body: new URLSearchParams({ ...form, sign: pddSign(form, emu.credentials.clientSecret!) }) });
  t.match(await right.json(), { order_sn_increment_get_response: { total_count: Number } });
});

t.test('a wrong clientSecret fails clearly and is not retried', async (t) => {
  const emu = await emulator(t);
  const connection = await (await import('../src/index.js')).default.source!.open(configFor(emu, { clientSecret: 'wrong-secret-value' }), testContext());
  const error = await connection.check!().then(() => undefined, (e: unknown) => e);
  t.match(error, { code: 'SIGNATURE_INVALID', retryable: false, platformCode: '20004', message: /signature.*clientSecret/ });
  t.equal(callsOf(emu, 'pdd.order.number.list.increment.get').length, 1, 'one call, no retry');
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { gatewaySecret, loginSign, signatureHeaders } from '../src/kingdee-signing.js';
import plugin from '../src/index.js';
import { calls, customers, customerSpec, held, kingdee, orders, orderSpec, sinkConfig, write } from './helpers/kingdee-fixtures.js';

// No worked example with known inputs and outputs was found in the official SDKs or docs, so the
// expected values below were computed with command-line tools, from the documented rules.
const creds = {
  acctId: '65f1a2b3c4d5e6',
  userName: 'datong-api',
  // printf 'test-app-id-blob-0000001' | base64   → dGVzdC1hcHAtaWQtYmxvYi0wMDAwMDAx (32 chars, 24 bytes)
  appId: '234567_dGVzdC1hcHAtaWQtYmxvYi0wMDAwMDAx',
  appSecret: 'test-app-secret-0001',
};

t.test('LoginBySign: sha256 of the five strings sorted ordinally', async (t) => {
  // Sorted: "1700000000" < "234567_..." < "65f1a2b3c4d5e6" < "datong-api" < "test-app-secret-0001".
  // printf '%s' '1700000000234567_dGVzdC1hcHAtaWQtYmxvYi0wMDAwMDAx65f1a2b3c4d5e6datong-apitest-app-secret-0001' | sha256sum
  t.equal(loginSign({ ...creds, timestamp: '1700000000' }), '4634e9adaa65ce4739c2e2b397914d62261558e933e15e9e9b8c0d82c57dbe87');
});

t.test('the gateway secret is derived from the appId by the XOR rule, step by step', async (t) => {
  const blob = creds.appId.split('_')[1]!;
  t.equal(blob.length, 32, 'the blob after "_" is 32 characters');
  const decoded = Buffer.from(blob, 'base64');
  t.equal(decoded.toString('ascii'), 'test-app-id-blob-0000001', 'it decodes to 24 bytes');
  const mask = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'ascii');
  // 't' (0x74) ^ '0' (0x30) = 0x44; 'e' (0x65) ^ '0' (0x30) = 0x55; 's' (0x73) ^ '5' (0x35) = 0x46 ...
  t.equal(decoded[0]! ^ mask[0]!, 0x44);
  t.equal(decoded[1]! ^ mask[1]!, 0x55);
  t.equal(decoded[2]! ^ mask[2]!, 0x46);
  const xored = Buffer.from(decoded.map((b, i) => b ^ mask[i]!));
  t.equal(xored.toString('hex'), '445546404b5249474e5f561e565f585a4f00095351075402');
  t.equal(gatewaySecret(creds.appId), 'RFVGQEtSSUdOX1YeVl9YWk8ACVNRB1QC', 'base64 of the XORed bytes');
  t.equal(gatewaySecret('234567_short'), 'short', 'a blob of another length is used as it is (the Java SDK)');
});

t.test('the per-request signature headers', async (t) => {
  const headers = signatureHeaders({
    ...creds,
    lcid: 2052,
    orgNumber: '100',
    path: '/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc',
    timestampMs: 1_700_000_000_000,
  });
  t.equal(headers['X-Api-ClientID'], '234567');
  t.equal(headers['X-Api-Auth-Version'], '2.0');
  t.equal(headers['x-api-timestamp'], '1700000000000');
  t.equal(headers['x-api-nonce'], '1700000000000');
  // printf 'POST\n%%2Fk3cloud%%2FKingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc\n\nx-api-nonce:1700000000000\nx-api-timestamp:1700000000000\n' \
  //   | openssl dgst -sha256 -hmac 'RFVGQEtSSUdOX1YeVl9YWk8ACVNRB1QC' | awk '{printf "%s", $2}' | base64 -w0
  t.equal(headers['X-Api-Signature'], 'NWRmMDliZTFlZWI2ZjYxMmY5MDdjMjZmMGNhYmY5MjE0NmRjNTRhMTk1MzBkMjVkYTg2ZDMyMmI5YjY3NGQwNQ==');
  t.equal(headers['X-Kd-Appkey'], creds.appId);
  // printf '%s' '65f1a2b3c4d5e6,datong-api,2052,100' | base64 -w0
  t.equal(headers['X-Kd-Appdata'], 'NjVmMWEyYjNjNGQ1ZTYsZGF0b25nLWFwaSwyMDUyLDEwMA==');
  // printf '%s' '234567_dGVzdC1hcHAtaWQtYmxvYi0wMDAwMDAx65f1a2b3c4d5e6,datong-api,2052,100' \
  //   | openssl dgst -sha256 -hmac 'test-app-secret-0001' | awk '{printf "%s", $2}' | base64 -w0
  t.equal(headers['X-Kd-Signature'], 'MDJkMTkwMzhmZGY0N2VlNzU5NTM4ZDRkZGU1Y2EzYzI3NzFmY2VhNTA2M2NiYWRmZjJjOWNjOTU2N2M3MjMxOA==');
});

t.test('signature auth writes without any login, and a wrong secret is a clear auth error', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await plugin.sink!.open(sinkConfig(emulator, { auth: 'signature' }), ctx);
  await sink.check!();
  const people = customers(2, 'sig');
  const written = await write(await sink.object(customerSpec), people, ctx);
  t.ok(written.every((r) => r.sinkId), 'customers written');
  const order = await write(await sink.object(orderSpec), orders(people.map((p) => p.key)), ctx);
  t.ok(order.every((r) => r.sinkId), 'orders written');
  t.equal(calls(emulator, 'LoginBySign').length, 0, 'no login call');
  t.equal(held(emulator, 'SAL_SaleOrder').length, 2);

  const bad = await plugin.sink!.open(sinkConfig(emulator, { auth: 'signature', appSecret: 'test-wrong-app-secret-0000' }), testContext());
  await t.rejects(bad.check!(), { code: 'AUTH_FAILED', retryable: false, message: /MsgCode 1.*credentials/ });
});

import t from 'tap';
import { transactionId } from '../src/transaction-id.js';
import { calls, customers, customerSpec, jiandaoyun, open, orders, orderSpec } from './helpers/fixtures.js';

t.test('a batch replayed with a fresh connection (a crash before datong committed) updates: one record per key', async (t) => {
  // Single updates are paced at 20/s by default (50/s in all): raised on both sides to keep the test short.
  const emulator = await jiandaoyun({ globalLimit: 500, endpointLimits: { 'data/update': 300 } });
  t.teardown(() => emulator.close());
  const batch = customers(150);
  const fast = { rateLimits: { update: 300, global: 500 } };

  const first = await open(emulator, customerSpec, fast);
  const written = await first.object.write(batch, first.ctx);
  t.equal(written?.filter((r) => r.sinkId).length, 150, 'every customer written');
  t.equal(calls(emulator, 'data/batch_create').length, 2, 'in two batch_create calls (100 + 50)');

  const rerun = await open(emulator, customerSpec, fast);
  const again = await rerun.object.write(batch, rerun.ctx);
  t.same(again?.map((r) => r.sinkId), written?.map((r) => r.sinkId), 'the rerun answers the same record ids');
  t.equal(calls(emulator, 'data/batch_create').length, 2, 'the rerun created nothing');
  t.equal(calls(emulator, 'data/update').length, 150, 'it updated each found record');
  t.equal(emulator.records('customers').length, 150, 'the form holds 150 records');
  t.ok(batch.every((w) => emulator.countByKey('customers', w.key) === 1), 'one per key');
});

t.test('batch_create carries a content-derived transaction_id; the platform answers a resent one with the first result', async (t) => {
  // The worked value, computed with a command-line tool:
  //   printf '%s' 'jiandaoyun-batch-create
  //   app1
  //   entry1
  //   0
  //   [{"_widget_1432728651401":{"value":"c-1"}}]' | sha256sum
  //   → 7367386bc16c784753c755261ed86f68edddda4a579836b9d8cdee574ac735c5
  // as a version-8 UUID: version nibble 8 replaces hex[12], variant (5 & 3 | 8 = 9) replaces hex[16].
  t.equal(transactionId({ appId: 'app1', entryId: 'entry1' }, 0, [{ _widget_1432728651401: { value: 'c-1' } }]), '7367386b-c16c-8847-93c7-55261ed86f68');

  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec);
  const results = await object.write(customers(2), ctx);
  const sent = calls(emulator, 'data/batch_create')[0]!.body as { transaction_id: string; data_list: unknown[]; app_id: string; entry_id: string };
  const form = emulator.formsConfig().customers;
  t.equal(sent.transaction_id, transactionId(form, 0, sent.data_list), 'derived from the batch content');

  // The same call resent (its answer lost to a timeout): the platform creates nothing more.
  const resend = await fetch(`${emulator.url}/api/v5/app/entry/data/batch_create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.credentials.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(sent),
  });
  const answer = (await resend.json()) as { success_ids: string[] };
  t.same(answer.success_ids, results?.map((r) => r.sinkId), 'the first result again');
  t.equal(emulator.records('customers').length, 2, 'still two records');
});

t.test('one refused record: its error names the platform code and the field, the rest of the batch is written', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec);
  const batch = customers(10);
  batch[6]!.record.累计消费 = 'a lot';
  const results = (await object.write(batch, ctx)) ?? [];
  t.same(results.map((r) => r.key), batch.map((w) => w.key), 'one result per record, in order');
  t.match(results[6]?.error, /4001/, 'the platform code');
  t.match(results[6]?.error, /累计消费/, 'the field');
  t.equal(results.filter((r) => r.sinkId).length, 9, 'the nine others written');
  t.equal(emulator.records('customers').length, 9, 'and held');
  t.equal(emulator.countByKey('customers', batch[6]!.key), 0, 'the refused one is not');
});

t.test('a key twice in one batch: the last version wins, one record', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec);
  const [one] = customers(1);
  const results = await object.write([one!, { key: one!.key, record: { ...one!.record, 客户名称: '后来的名字' } }], ctx);
  t.equal(results?.length, 2);
  t.equal(results?.[0]?.sinkId, results?.[1]?.sinkId, 'both answered with the one record');
  t.equal(emulator.countByKey('customers', one!.key), 1);
  t.equal(emulator.byKey('customers', one!.key)?.客户名称, '后来的名字');
});

t.test('orders link to their customer by _id; an order whose customer is not there yet is deferred', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const people = await open(emulator, customerSpec);
  await people.object.write(customers(2), people.ctx);
  const { ctx, object } = await open(emulator, orderSpec);
  const results = (await object.write(orders(['cust-1', 'cust-2', 'cust-404']), ctx)) ?? [];
  t.ok(results[0]?.sinkId && results[1]?.sinkId, 'orders of known customers written');
  t.match(results[2], { key: 'tmall:100002', deferred: /customer cust-404 is not in the Jiandaoyun customers form yet/ }, 'the other deferred');
  t.equal(emulator.byKey('orders', 'tmall:100000')?.客户, emulator.byKey('customers', 'cust-1')?._id, 'the associated-data widget holds the customer _id');
  t.equal(emulator.byKey('orders', 'tmall:100000')?.customer_key, 'cust-1', 'and the text widget its key');
  t.equal(emulator.records('orders').length, 2);
});

t.test('the API key is sent as documented: Authorization: Bearer <key>; another scheme is refused', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const body = JSON.stringify(emulator.formsConfig().customers).replace('appId', 'app_id').replace('entryId', 'entry_id');
  const post = (authorization: string) => fetch(`${emulator.url}/api/v5/app/entry/widget/list`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
  t.equal((await post(`Bearer ${emulator.credentials.apiKey}`)).status, 200);
  const refused = await post(emulator.credentials.apiKey);
  t.equal(refused.status, 401);
  t.match(await refused.json(), { code: 8301 });
  const { connection } = await open(emulator, customerSpec);
  await connection.check!();
  t.equal(emulator.kit.requests.at(-1)?.headers.authorization, '[present]', 'check() sent it');
});

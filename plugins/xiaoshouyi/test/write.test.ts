import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import type { XobjectSink } from '../src/sinks/xobject-sink.js';
import { accounts, accountSpec, calls, configFor, CREATE, orders, orderSpec, UPDATE, xiaoshouyi, XOQL } from './helpers/fixtures.js';

type Emulator = Awaited<ReturnType<typeof xiaoshouyi>>;

/** Opens both objects; the client's own pace is raised, so these tests wait on nothing (rate limits have their own test). */
async function open(emulator: Emulator) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(configFor(emulator, { requestsPerSecond: 1000 }), ctx);
  return { ctx, accounts: (await connection.object(accountSpec)) as XobjectSink, orders: (await connection.object(orderSpec)) as XobjectSink };
}

t.test('a crash replay: the same batch written again by a fresh connection updates, one record per key', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000 } });
  t.teardown(() => emulator.close());
  const batch = accounts(150);

  // The first run wrote to Xiaoshouyi, then died before datong committed its ledger.
  const first = await open(emulator);
  const written = await first.accounts.write(batch, first.ctx);
  t.equal(written.filter((r) => r.sinkId !== undefined).length, 150);
  t.equal(calls(emulator, CREATE).length, 150, 'the first run created each customer (one call each)');
  t.equal(calls(emulator, XOQL).length, 2, 'after one XOQL look-up per 100 keys');

  // The rerun, a new process: nothing remembered but what Xiaoshouyi holds.
  emulator.kit.requests.length = 0;
  const again = await open(emulator);
  const rewritten = await again.accounts.write(batch, again.ctx);
  t.same(rewritten.map((r) => r.sinkId), written.map((r) => r.sinkId), 'each key keeps its Xiaoshouyi id');
  t.equal(calls(emulator, CREATE).length, 0, 'the replay created nothing');
  t.equal(calls(emulator, UPDATE).length, 150, 'it updated what the look-up found');
  t.ok(batch.every((w) => emulator.countByKey('account', w.key) === 1), 'Xiaoshouyi holds exactly one account per key');
  t.equal(emulator.store.all('account').length, 150);
});

t.test('a key twice in one batch: the last version wins, one record', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000 } });
  t.teardown(() => emulator.close());
  const { ctx, accounts: sink } = await open(emulator);
  const [a] = accounts(1);
  const results = await sink.write([a!, { key: a!.key, record: { ...a!.record, accountName: 'Second version' } }], ctx);
  t.equal(results.length, 2, 'one result per input');
  t.equal(emulator.countByKey('account', a!.key), 1);
  t.equal(emulator.store.all('account')[0]!.fields.accountName, 'Second version');
});

for (const errorStyle of ['http-400', 'code-in-200'] as const) {
  t.test(`a refused record (errors answered ${errorStyle}) names the platform code and the field; the rest are written`, async (t) => {
    const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000, errorStyle, accountNameMaxLength: 30 } });
    t.teardown(() => emulator.close());
    const { ctx, accounts: sink } = await open(emulator);
    const batch = accounts(6);
    batch[2] = { key: batch[2]!.key, record: { ...batch[2]!.record, accountName: '一个非常非常非常非常非常长的客户名称，超过三十个字符的杭州云栖贸易有限公司' } };
    batch[4] = { key: batch[4]!.key, record: { ...batch[4]!.record, datong_tier__c: 3 } };
    const results = await sink.write(batch, ctx);
    t.same(results.map((r) => r.key), batch.map((w) => w.key), 'results in input order');
    t.match(results[2]!.error, /^Xiaoshouyi 400: accountName: longer than 30 characters/);
    t.match(results[4]!.error, /^Xiaoshouyi 400: datong_tier__c: must be text/);
    t.equal(results.filter((r) => r.sinkId !== undefined).length, 4, 'the four good ones were written');
    t.same(emulator.store.all('account').map((r) => r.fields.datong_key__c).sort(), ['cust-1', 'cust-2', 'cust-4', 'cust-6']);
  });
}

t.test('orders: linked to their account by accountId; an order whose customer is not in Xiaoshouyi yet is deferred', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000 } });
  t.teardown(() => emulator.close());
  const { ctx, accounts: customers, orders: sink } = await open(emulator);
  const people = accounts(2);
  await customers.write(people, ctx);
  const batch = orders([people[0]!.key, 'cust-not-yet', people[1]!.key]);
  const results = await sink.write(batch, ctx);
  t.ok(results[0]!.sinkId && results[2]!.sinkId, 'orders of known customers written');
  t.match(results[1], { key: 'tmall:200001', deferred: /customer cust-not-yet is not in Xiaoshouyi yet/ });
  const accountId = emulator.store.all('account').find((r) => r.fields.datong_key__c === people[0]!.key)!.id;
  t.equal(emulator.store.all('order').find((r) => r.fields.datong_key__c === 'tmall:200000')!.fields.accountId, accountId, 'accountId is the account of its customer_key');
  t.equal(emulator.store.all('order').length, 2, 'the deferred order was not written');

  // The next run, after the customers stage wrote the late customer.
  await customers.write([{ key: 'cust-not-yet', record: { customer_key: 'cust-not-yet', accountName: '晚到的客户' } }], ctx);
  const retried = await sink.write([batch[1]!], ctx);
  t.ok(retried[0]!.sinkId, 'the deferred order is written once its account exists');
  t.match((await sink.readBack!(['tmall:200001'])).get('tmall:200001'), { customer_key: 'cust-not-yet', amount: 130.9 });
});

t.test('rollback: the before-image written back restores v1; delete removes what datong created', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000 } });
  t.teardown(() => emulator.close());
  const { ctx, accounts: sink, orders: orderSink } = await open(emulator);
  const [a, b] = accounts(2, 'rb');
  await sink.write([b!], ctx);
  const imageB = (await sink.readBack!([b!.key])).get(b!.key)!;
  t.same(imageB, { ...b!.record, zipCode: null, comment: null }, 'the before-image has the shape written, empty fields null');
  t.same((await sink.readBack!([a!.key])).size, 0, 'a key Xiaoshouyi does not hold has no before-image');

  // The run: A created, B renamed, its phone cleared, a comment and a tag set.
  await sink.write([a!, { key: b!.key, record: { ...b!.record, accountName: 'Changed', phone: null, comment: 'set by the run', datong_tags__c: ['churned'] } }], ctx);
  const stored = () => emulator.store.all('account').find((r) => r.fields.datong_key__c === b!.key)!.fields;
  t.match(stored(), { accountName: 'Changed', comment: 'set by the run', datong_tags__c: 'churned' });
  t.notOk('phone' in stored(), 'the run cleared the phone');

  // The rollback: B's before-image written back, A's creation undone.
  await sink.write([{ key: b!.key, record: imageB }], ctx);
  await sink.delete!([a!.key]);
  t.same(stored(), { accountName: b!.record.accountName, phone: b!.record.phone, address: b!.record.address, datong_tier__c: b!.record.datong_tier__c, datong_tags__c: 'jd', datong_key__c: b!.key }, 'Xiaoshouyi holds v1 again, field for field');
  t.equal(emulator.countByKey('account', a!.key), 0, 'A is deleted');
  await sink.delete!([a!.key]);
  t.pass('deleting it again is no error');

  // Orders: moved to another customer by the run, moved back by the rollback.
  const [o] = orders([b!.key]);
  await sink.write([a!], ctx);
  await orderSink.write([o!], ctx);
  const imageO = (await orderSink.readBack!([o!.key])).get(o!.key)!;
  await orderSink.write([{ key: o!.key, record: { ...o!.record, customer_key: a!.key, datong_refund_status__c: 'refunded' } }], ctx);
  await orderSink.write([{ key: o!.key, record: imageO }], ctx);
  const order = emulator.store.all('order')[0]!;
  t.equal(order.fields.accountId, emulator.store.all('account').find((r) => r.fields.datong_key__c === b!.key)!.id, "the order is B's again");
  t.equal(order.fields.datong_refund_status__c, 'none');

  const scanned: string[] = [];
  for await (const page of sink.scan!()) for (const { key } of page) scanned.push(key);
  t.same(scanned.sort(), [a!.key, b!.key].sort(), 'scan lists the accounts that carry a datong key');
});

t.test('opened read-only (a dry run), write and delete throw before any call', async (t) => {
  const emulator = await xiaoshouyi();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(configFor(emulator), ctx);
  const sink = await connection.object({ ...accountSpec, readOnly: true });
  await t.rejects(sink.write(accounts(1), ctx), { code: 'SINK_READ_ONLY' });
  await t.rejects(sink.delete!(['cust-1']), { code: 'SINK_READ_ONLY' });
  t.equal(emulator.kit.requests.length, 0, 'nothing reached Xiaoshouyi, not even a token call');
});

t.test('a create whose answer is lost is not sent again blindly: the retried batch looks up first and finds it', async (t) => {
  const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 1000, loseCreateAnswers: 1 } });
  t.teardown(() => emulator.close());
  const batch = accounts(3);
  const first = await open(emulator);
  // Xiaoshouyi stored the first account, but its answer never came back: the write fails as a whole.
  await t.rejects(first.accounts.write(batch, first.ctx), /not sent again here/);
  t.equal(emulator.store.all('account').length >= 1, true, 'the lost create did create');
  // datong retries the batch (its withRetry, or the next run): the look-up finds what the lost answer created.
  const retried = await first.accounts.write(batch, first.ctx);
  t.equal(retried.filter((r) => r.sinkId !== undefined).length, 3);
  t.ok(batch.every((w) => emulator.countByKey('account', w.key) === 1), 'one account per key: nothing created twice');
});

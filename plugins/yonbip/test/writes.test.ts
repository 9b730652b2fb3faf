import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, config, customers, customerSpec, orders, orderSpec, yonbip } from './helpers/yonbip-fixtures.js';

t.test('a crash replay with a fresh connection leaves one record per key: the rerun updates', async (t) => {
  const emulator = await yonbip({ processingAnswers: 1 });
  t.teardown(() => emulator.close());
  const people = customers(3);
  const deals = orders(people.map((p) => p.key));
  for (const run of [1, 2]) {
    // Each run is a new process: a new connection, nothing shared but YonBIP.
    const ctx = testContext();
    const sink = await plugin.sink!.open(config(emulator), ctx);
    const c = await (await sink.object(customerSpec)).write(people, ctx);
    const o = await (await sink.object(orderSpec)).write(deals, ctx);
    t.equal([...(c ?? []), ...(o ?? [])].filter((r) => r.sinkId !== undefined).length, 6, `run ${run}: every record written`);
  }
  for (const { key } of people) t.equal(emulator.store.creations.get(`customers:${key}`), 1, `customer ${key} created once`);
  for (const { key } of deals) t.equal(emulator.store.creations.get(`salesOrders:${key}`), 1, `order ${key} created once`);
  t.equal(calls(emulator, '/merchant/idempotent/newinsert').filter((r) => r.status === 200).length, 4, 'three creations, one of them first answered 202 and sent again');
  t.ok(calls(emulator, '/merchant/idempotent/newinsert').some((r) => r.fault === 'processing'), 'the 202 (still processing) was waited out');
  t.equal(calls(emulator, '/merchant/save').length, 3, 'the rerun updated the customers through merchant/save');
  const saves = calls(emulator, '/voucherorder/singleSave').map((r) => (r.body as { data: { _status: string } }).data._status);
  t.same(saves, ['Insert', 'Insert', 'Insert', 'Update', 'Update', 'Update'], 'the rerun updated the orders');
  t.equal(emulator.store.orders.get(deals[0]!.key)?.agentId, emulator.store.merchants.get(people[0]!.key)?.id, 'the order is linked to its customer (agentId)');
});

t.test('the same save sent again is answered from the resubmitCheckKey memory, within the hour and after it', async (t) => {
  const emulator = await yonbip({ resubmitWindowMs: 200 });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator), ctx)).object(customerSpec);
  const [person] = customers(1);
  // A crash after YonBIP saved but before the answer came back: the same body and key are sent again.
  const first = await sink.write([person!], ctx);
  const sent = calls(emulator, '/merchant/idempotent/newinsert')[0]!;
  const resend = async () => {
    const token = await ctx.state.getSecret('yonbip.access_token');
    const url = `${emulator.url}/iuap-api-gateway/yonbip/digitalModel/merchant/idempotent/newinsert?access_token=${encodeURIComponent(JSON.parse(token!).token as string)}`;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent.body) });
    return (await response.json()) as { code: string; data: unknown };
  };
  t.match(await resend(), { code: '200', data: [{ id: Number(first![0]!.sinkId) }] }, 'within the window: the first success, replayed');
  await new Promise((resolve) => setTimeout(resolve, 250));
  t.match(await resend(), { code: '100004', data: { id: Number(first![0]!.sinkId) } }, 'after it: 100004 with the id');
  t.equal(emulator.store.creations.get(`customers:${person!.key}`), 1, 'one merchant');
});

t.test('one invalid record in a batch: its error names YonBIP\'s code and the field, the others are written', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(config(emulator), ctx)).object(customerSpec);
  const batch = customers(3);
  batch[1]!.record.email = 'not-an-email';
  batch[2]!.record.name = '';
  const results = (await sink.write([...batch, customers(4)[3]!], ctx)) ?? [];
  t.same(results.map((r) => r.key), ['cust-1', 'cust-2', 'cust-3', 'cust-4'], 'one result per record, in order');
  t.match(results[1]?.error, /code 999.*merchantContactInfos\[0\]\.email/, 'the bad email: code 999 and the field');
  t.match(results[2]?.error, /code 999.*客户名称不能为空!/, 'the empty name: YonBIP\'s own message');
  t.ok(results[0]?.sinkId && results[3]?.sinkId, 'the others were written');
  t.same([...emulator.store.merchants.keys()].sort(), ['cust-1', 'cust-4']);
});

t.test('an order whose customer YonBIP does not hold waits (deferred); a key twice in a batch: the last wins', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator), ctx);
  await (await connection.object(customerSpec)).write(customers(1), ctx);
  const sink = await connection.object(orderSpec);
  const [mine] = orders(['cust-1']);
  const [orphan] = orders(['cust-404'], 'jd');
  const [newer] = orders(['cust-1'], 'tmall', 2);
  const results = (await sink.write([mine!, orphan!, newer!], ctx)) ?? [];
  t.match(results[1], { key: orphan!.key, deferred: /customer cust-404 is not in YonBIP yet/ });
  t.ok(results[0]?.sinkId && results[0]?.sinkId === results[2]?.sinkId, 'the key written once, both results name it');
  t.equal(emulator.store.orders.get(mine!.key)?.orderDetails.length, 1, 'its last version (one line) is what YonBIP holds');
  t.notOk(emulator.store.orders.has(orphan!.key), 'the orphan was not sent');
});

t.test('rollback: the before-image written back restores v1; delete removes what was created', async (t) => {
  const emulator = await yonbip();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator), ctx);
  const people = await connection.object(customerSpec);
  const deals = await connection.object(orderSpec);
  const v1 = customers(2);
  const o1 = orders(['cust-1', 'cust-2']);
  await people.write(v1, ctx);
  await deals.write(o1, ctx);
  const before = await people.readBack!(v1.map((w) => w.key));
  const orderBefore = await deals.readBack!(o1.map((w) => w.key));
  t.equal(before.get('cust-1')?.tier, 'silver');

  await people.write(customers(2, 'cust', 2), ctx);
  await deals.write(orders(['cust-1', 'cust-2'], 'tmall', 2), ctx);
  t.equal(emulator.store.merchants.get('cust-1')?.merchantDefine.define1, 'gold', 'v2 landed');
  t.equal(emulator.store.orders.get('tmall:100000')?.orderDetails.length, 1);

  // datong rollback writes the before-images back.
  await people.write([...before].map(([key, record]) => ({ key, record })), ctx);
  await deals.write([...orderBefore].map(([key, record]) => ({ key, record })), ctx);
  const m = emulator.store.merchants.get('cust-1')!;
  t.same([m.name.zh_CN, m.merchantDefine.define1, m.merchantDefine.define2], [v1[0]!.record.name, 'silver', 'tmall'], 'the customer holds v1 again');
  const o = emulator.store.orders.get('tmall:100000')!;
  t.same(o.orderDetails.map((l) => [l.productId, l.qty, l.oriSum]), [['MAT-001', 1, '129.90'], ['MAT-002', 2, '90.00']], 'the order holds v1 lines again');
  t.equal(emulator.store.creations.get('salesOrders:tmall:100000'), 1, 'still one order');

  // Rolling back the creations: orders deleted, customers stopped.
  await deals.delete!(o1.map((w) => w.key));
  await people.delete!(v1.map((w) => w.key));
  t.equal(emulator.store.orders.size, 0, 'the orders are gone');
  t.ok([...emulator.store.merchants.values()].every((x) => x.stopstatus), 'the customers are stopped (停用)');
  t.equal((await people.readBack!(['cust-1'])).size, 0, 'and read back as absent');

  // A rerun after the rollback creates the order again: the deletion changes its resubmitCheckKey.
  await people.write(customers(1, 'again'), ctx);
  await deals.write(orders(['again-1'], 'tmall'), ctx);
  t.ok(emulator.store.orders.has('tmall:100000'), 'recreated, not swallowed by the gateway\'s cached answer');
});

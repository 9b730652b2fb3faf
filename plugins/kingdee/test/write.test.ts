import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, customers, customerSpec, held, kingdee, orders, orderSpec, sinkConfig, write } from './helpers/kingdee-fixtures.js';

t.test('a batch replayed with a fresh connection (a crash before commit, then a rerun) updates: one record per key', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const people = customers(4, 'replay');
  const first = await write(await (await plugin.sink!.open(sinkConfig(emulator), testContext())).object(customerSpec), people, testContext());
  const idsBefore = held(emulator, 'BD_Customer').map((b) => b.id);
  const second = await write(await (await plugin.sink!.open(sinkConfig(emulator), testContext())).object(customerSpec), people, testContext());
  for (const p of people) t.equal(emulator.countByNumber('BD_Customer', p.key), 1, `one ${p.key}`);
  t.same(held(emulator, 'BD_Customer').map((b) => b.id), idsBefore, 'the same internal ids: the rerun updated');
  t.same(second.map((r) => r.sinkId), first.map((r) => r.sinkId), 'the same sink ids reported');
  const saves = emulator.kit.requests.filter((r) => r.path.endsWith('.BatchSave.common.kdsvc'));
  const models = (saves[1]!.body as { parameters: [string, string] }).parameters[1];
  t.ok(JSON.parse(models).Model.every((m: { FCUSTID: number }) => m.FCUSTID > 0), 'the second BatchSave sent each record with its FCUSTID');

  // The orders too: their lines are replaced, never doubled.
  const sales = orders(people.map((p) => p.key));
  for (let run = 0; run < 2; run++) {
    const ctx = testContext();
    await write(await (await plugin.sink!.open(sinkConfig(emulator), ctx)).object(orderSpec), sales, ctx);
  }
  for (const o of sales) t.equal(emulator.countByNumber('SAL_SaleOrder', o.key), 1, `one ${o.key}`);
  t.ok(held(emulator, 'SAL_SaleOrder').every((b) => b.entries.length === 2), 'each order keeps its two lines');
});

t.test('one refused record: its error names the platform code and field, the rest are written', async (t) => {
  for (const partialBatchSave of ['per-record', 'all-or-nothing'] as const) {
    const emulator = await kingdee({ settings: { partialBatchSave } });
    const ctx = testContext();
    const object = await (await plugin.sink!.open(sinkConfig(emulator), ctx)).object(customerSpec);
    const batch = customers(3, 'part');
    batch[1]!.record.FName = '名'.repeat(81);
    const results = await write(object, batch, ctx);
    t.same(results.map((r) => r.key), ['part-1', 'part-2', 'part-3'], `${partialBatchSave}: results in input order`);
    t.match(results[1]!.error, /MsgCode 11.*field FName/, `${partialBatchSave}: the refusal names MsgCode 11 and FName`);
    t.ok(results[0]!.sinkId && results[2]!.sinkId, `${partialBatchSave}: the others were written`);
    t.same(held(emulator, 'BD_Customer').map((b) => b.number).sort(), ['part-1', 'part-3']);
    await emulator.close();
  }
});

t.test('keys too long, a key twice, batch size, and orders waiting for their customer', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await plugin.sink!.open(sinkConfig(emulator, { batchSize: 2 }), ctx);
  const customerObject = await sink.object(customerSpec);
  const batch = customers(5, 'size');
  const long = { key: 'k'.repeat(81), record: { ...batch[0]!.record, customer_key: 'k'.repeat(81) } };
  const twice = { key: 'size-1', record: { ...batch[0]!.record, FName: 'the later version' } };
  const results = await write(customerObject, [...batch, long, twice], ctx);
  t.match(results[5]!.error, /81 characters.*FNumber takes at most 80/, 'a key too long is refused by name, never hashed');
  t.equal(results.filter((r) => r.sinkId).length, 6, 'the others written (size-1 twice)');
  t.equal(held(emulator, 'BD_Customer').find((b) => b.number === 'size-1')!.fields.FName, 'the later version', 'the last version of a key wins');
  t.equal(calls(emulator, 'BatchSave').length, 3, '5 keys in BatchSaves of at most 2');

  const orderObject = await sink.object(orderSpec);
  const sales = orders(['size-1', 'not-yet-there']);
  const written = await write(orderObject, sales, ctx);
  t.ok(written[0]!.sinkId, 'the order whose customer exists is written');
  t.match(written[1]!.deferred, /customer not-yet-there is not in Kingdee/, 'the other waits for its customer');
  t.equal(held(emulator, 'SAL_SaleOrder').length, 1);
  t.equal(held(emulator, 'SAL_SaleOrder')[0]!.fields.FCustId, 'size-1', 'linked to its customer by FCustId{FNumber}');
});

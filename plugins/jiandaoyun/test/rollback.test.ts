import t from 'tap';
import { calls, customers, customerSpec, jiandaoyun, open, orders, orderSpec } from './helpers/fixtures.js';

t.test('rollback: the before-image written back restores v1 in the form; delete removes what datong created', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec);
  const v1 = customers(3);
  v1[1]!.record.邮箱 = null;
  await object.write(v1, ctx);
  const stored = (key: string) => {
    const values = { ...emulator.byKey('customers', key)! };
    delete values._id;
    return values;
  };
  const v1Stored = v1.map((w) => stored(w.key));

  // What datong journals before writing v2.
  const before = await object.readBack!(v1.map((w) => w.key));
  t.same(before.get('cust-1'), v1[0]!.record, 'read-back has the shape and values written');
  t.equal(before.get('cust-2')?.邮箱, null, 'an empty widget reads back as null');

  const v2 = v1.map((w) => ({ key: w.key, record: { ...w.record, 客户名称: `${String(w.record.客户名称)}（改）`, 邮箱: 'new@example.com', 会员标签: ['vip'], 累计消费: 9999 } }));
  await object.write(v2, ctx);
  t.equal(emulator.byKey('customers', 'cust-2')?.邮箱, 'new@example.com', 'v2 is in the form');

  // datong rollback writes the before-images back.
  await object.write([...before].map(([key, record]) => ({ key, record })), ctx);
  t.same(v1.map((w) => stored(w.key)), v1Stored, 'the form holds v1 again, the emptied email included');

  // A rollback of the creation deletes; a later run creates them anew (no stale transaction replay).
  await object.delete!(['cust-1', 'cust-2']);
  t.equal(emulator.countByKey('customers', 'cust-1'), 0, 'deleted');
  t.equal(emulator.countByKey('customers', 'cust-3'), 1, 'the other kept');
  t.ok(calls(emulator, 'data/delete').length === 2, 'one data/delete per record');
  const again = (await object.write(v1, ctx)) ?? [];
  t.ok(again.every((r) => r.sinkId), 'rewritten');
  t.ok(v1.every((w) => emulator.countByKey('customers', w.key) === 1), 'one record per key after the redo');
});

t.test('rollback of an order: the before-image relinks the first customer', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const people = await open(emulator, customerSpec);
  await people.object.write(customers(2), people.ctx);
  const { ctx, object } = await open(emulator, orderSpec);
  const [order] = orders(['cust-1']);
  await object.write([order!], ctx);
  const before = await object.readBack!([order!.key]);
  t.same(before.get(order!.key), order!.record, 'read-back names the customer by its key, as written');
  await object.write([{ key: order!.key, record: { ...order!.record, customer_key: 'cust-2', 订单状态: '已关闭' } }], ctx);
  t.equal(emulator.byKey('orders', order!.key)?.客户, emulator.byKey('customers', 'cust-2')?._id, 'moved to cust-2');
  await object.write([{ key: order!.key, record: before.get(order!.key)! }], ctx);
  t.equal(emulator.byKey('orders', order!.key)?.客户, emulator.byKey('customers', 'cust-1')?._id, 'linked to cust-1 again');
  t.equal(emulator.byKey('orders', order!.key)?.订单状态, '已完成');
});

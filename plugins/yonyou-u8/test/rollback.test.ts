import t from 'tap';
import { calls, customers, customerSpec, liveCustomers, liveOrders, open, orders, saleOrderSpec, u8 } from './helpers/u8-fixtures.js';

t.test('rollback: write v1, read the before-image, write v2, write the image back: U8 holds v1 again', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  const [v1] = customers(1);
  await object.write([v1!], ctx);
  const image = (await object.readBack!([v1!.key])).get(v1!.key)!;

  const v2 = { key: v1!.key, record: { customer_key: v1!.key, name: '王芳（新）', memo: '第二次同步加的备注', tier: 'platinum', tags: ['vip', 'douyin'] } };
  await object.write([v2], ctx);
  t.match(emulator.dump().customers[0], { name: '王芳（新）', memo: '第二次同步加的备注', self_define1: 'platinum', self_define2: 'vip,douyin' });

  await object.write([{ key: v1!.key, record: image }], ctx);
  const held = emulator.dump().customers[0]!;
  t.match(held, { code: v1!.key, name: v1!.record.name, phone: v1!.record.phone, mobile: v1!.record.mobile, address: v1!.record.address, self_define1: v1!.record.tier, self_define2: (v1!.record.tags as string[]).join(',') }, 'v1\'s values again');
  t.notOk(held.memo, 'the memo v2 added is cleared');
  t.same((await object.readBack!([v1!.key])).get(v1!.key), image, 'read-back gives the before-image');
});

t.test('rollback of creations: customers are deactivated (end_date), sale orders voided (abandon); both leave read-back', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object: people, ctx } = await open(emulator, customerSpec);
  const { object: sales } = await open(emulator, saleOrderSpec);
  const batch = customers(2);
  await people.write(batch, ctx);
  await sales.write(orders([batch[0]!.key]), ctx);

  await sales.delete!(['tmall:100000']);
  await people.delete!([batch[0]!.key]);
  t.equal(calls(emulator, '/api/saleorder/abandon').length, 1, 'the order was voided');
  t.match(emulator.dump().saleorders[0], { code: 'tmall:100000', state: '作废' });
  t.match(emulator.dump().customers.find((c) => c.code === batch[0]!.key), { end_date: /^\d{4}-\d{2}-\d{2}$/ }, 'the customer deactivated');
  t.equal(liveCustomers(emulator), 1);
  t.equal(liveOrders(emulator), 0);
  t.same([...(await people.readBack!(batch.map((w) => w.key))).keys()], [batch[1]!.key], 'read-back no longer finds the deactivated customer');
  t.same((await sales.readBack!(['tmall:100000'])).size, 0, 'nor the voided order');

  // Written again (a redo after the rollback), the customer comes back.
  await people.write([batch[0]!], ctx);
  t.notOk(emulator.dump().customers.find((c) => c.code === batch[0]!.key)!.end_date, 'end_date cleared');
  t.equal(emulator.countByCode('customer', batch[0]!.key).created, 1, 'by an edit, not a second add');
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { customers, customerSpec, held, kingdee, orders, orderSpec, sinkConfig, write } from './helpers/kingdee-fixtures.js';

t.test('rollback: the before-image written back restores v1; delete removes what was created', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await plugin.sink!.open(sinkConfig(emulator), ctx);
  const customerObject = await sink.object(customerSpec);
  const orderObject = await sink.object(orderSpec);
  const v1 = customers(2, 'rb');
  await write(customerObject, v1, ctx);
  const sales = orders(['rb-1']);
  await write(orderObject, sales, ctx);

  const before = await customerObject.readBack!(['rb-1', 'rb-2']);
  const orderBefore = await orderObject.readBack!(['tmall:100000']);
  const v2 = v1.map((w) => ({ key: w.key, record: { ...w.record, FName: 'changed', FTEL: null, FGroup: 'GOLD', tags: ['changed'] } }));
  await write(customerObject, v2, ctx);
  const changedOrder = { key: 'tmall:100000', record: { ...sales[0]!.record, customer_key: 'rb-2', FNote: null, FSaleOrderEntry: [{ FMaterialId: 'MAT-X', FUnitID: 'Box', FQty: 9, FTaxPrice: 1 }] } };
  await write(orderObject, [changedOrder], ctx);
  t.equal(held(emulator, 'BD_Customer').find((b) => b.number === 'rb-1')!.fields.FName, 'changed');

  await write(customerObject, [...before].map(([key, record]) => ({ key, record })), ctx);
  await write(orderObject, [...orderBefore].map(([key, record]) => ({ key, record })), ctx);
  const restored = held(emulator, 'BD_Customer').find((b) => b.number === 'rb-1')!;
  t.match(restored.fields, { FName: v1[0]!.record.FName, FTEL: v1[0]!.record.FTEL, FGroup: 'NORMAL', FDescription: 'tmall;new' }, 'Kingdee holds v1 again');
  const order = held(emulator, 'SAL_SaleOrder')[0]!;
  t.match(order.fields, { FCustId: 'rb-1', FNote: 'Tmall order 100000' }, 'the order is linked to its first customer again');
  t.same(order.entries.map((e) => [e.fields.FMaterialId, e.fields.FQty]), [['MAT-TEA-01', 2], ['MAT-CUP-07', 1]], 'with its first lines');
  t.same(await orderObject.readBack!(['tmall:100000']), orderBefore, 'read-back shows the before-image');

  // Undoing the creations: orders first, then their customers.
  await orderObject.delete!(['tmall:100000']);
  await customerObject.delete!(['rb-1', 'rb-2', 'never-written']);
  t.equal(held(emulator, 'BD_Customer').length + held(emulator, 'SAL_SaleOrder').length, 0, 'all gone; a key never written is skipped');
});

t.test('an audited order cannot be deleted: the error says so', async (t) => {
  const emulator = await kingdee();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await plugin.sink!.open(sinkConfig(emulator), ctx);
  await (await sink.object(customerSpec)).write(customers(1, 'au'), ctx);
  const orderObject = await sink.object(orderSpec);
  await write(orderObject, orders(['au-1']), ctx);
  await fetch(`${emulator.kit.url}/_emulator/audit`, { method: 'POST', body: JSON.stringify({ formId: 'SAL_SaleOrder', numbers: ['tmall:100000'] }) });
  await t.rejects(orderObject.delete!(['tmall:100000']), /refused to delete SAL_SaleOrder tmall:100000.*已审核.*un-audited/);
  const rewrite = await write(orderObject, orders(['au-1']), ctx);
  t.match(rewrite[0]!.error, /MsgCode 11.*FDocumentStatus/, 'nor modified: the write is refused by name');
  t.equal(held(emulator, 'SAL_SaleOrder').length, 1, 'the audited order stays');
});

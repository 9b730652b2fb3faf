import t from 'tap';
import { calls, customers, customerSpec, open, orders, saleOrderSpec, u8 } from './helpers/u8-fixtures.js';

t.test('one refused record: its error names U8\'s errcode and the field, and the rest of the batch is written', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  const batch = customers(4);
  batch[1] = { key: batch[1]!.key, record: { ...batch[1]!.record, name: '长'.repeat(99) } };
  batch[2] = { key: batch[2]!.key, record: { ...batch[2]!.record, mobile: 'call me maybe' } };

  const results = (await object.write(batch, ctx)) ?? [];
  t.same(results.map((r) => r.key), batch.map((w) => w.key), 'one result per record, in input order');
  t.match(results[1], { error: /^U8 errcode 20005: 字段 name 超长：最多 98 个字符/ }, 'a name too long: errcode and field');
  t.match(results[2], { error: /^U8 errcode 20005: 字段 mobile 格式不正确/ }, 'a malformed mobile: errcode and field');
  t.ok(results[0]!.sinkId && results[3]!.sinkId, 'the others were written');
  t.same(emulator.dump().customers.map((c) => c.code).sort(), [batch[0]!.key, batch[3]!.key]);
  t.same(await object.readBack!(batch.map((w) => w.key)).then((m) => [...m.keys()].sort()), [batch[0]!.key, batch[3]!.key], 'read-back finds the two written');
});

t.test('a key twice in one batch: the last version wins, written once', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);
  const [first] = customers(1);
  const results = await object.write([first!, { key: first!.key, record: { ...first!.record, name: '最后的名字', tags: ['last'] } }], ctx);
  t.equal(results?.length, 2, 'a result for each input');
  t.equal(calls(emulator, '/api/customer/add').length, 1, 'one add');
  t.match(emulator.dump().customers, [{ code: first!.key, name: '最后的名字', self_define2: 'last' }]);
});

t.test('customer fields as U8 holds them: code = customer_key, tier and tags in the self-defined fields the config names', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec, { config: { tierField: 'self_define5', tagsField: 'self_define6' } });
  await object.write([{ key: 'M001', record: { customer_key: 'M001', name: 'Emily Carter', tier: 'gold', tags: ['vip', 'tmall'] } }], ctx);
  t.match(emulator.dump().customers[0], { code: 'M001', name: 'Emily Carter', abbrname: 'Emily Carter', self_define5: 'gold', self_define6: 'vip,tmall' });
  t.same((await object.readBack!(['M001'])).get('M001'), {
    customer_key: 'M001', name: 'Emily Carter', abbrname: 'Emily Carter', sort_code: null, contact: null, phone: null, mobile: null, address: null, memo: null, tier: 'gold', tags: ['vip', 'tmall'],
  }, 'read back in the shape written');
});

t.test('sale orders: linked to their customer by custcode; an order whose customer U8 lacks is deferred', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object: people, ctx } = await open(emulator, customerSpec);
  await people.write(customers(1, 'B'), ctx);
  const { object } = await open(emulator, saleOrderSpec, { config: { saleTypeCode: '02', businessType: '普通销售', deptCode: 'D01' } });
  const batch = orders(['B0001', 'B0404']);

  const results = (await object.write(batch, ctx)) ?? [];
  t.same(results[0], { key: 'tmall:100000', sinkId: 'tmall:100000' }, 'the order of a known customer is written');
  t.match(results[1], { key: 'tmall:100001', deferred: /customer B0404 is not in U8 yet/ }, 'the other waits for its customer');
  t.match(emulator.dump().saleorders, [{ code: 'tmall:100000', custcode: 'B0001', cusname: '张伟', typecode: '02', businesstype: '普通销售', deptcode: 'D01', entry: [{ inventorycode: 'SKU-TEA-01', quantity: 2, taxunitprice: '129.90' }, {}] }]);
  t.equal(calls(emulator, '/api/saleorder/add').length, 1, 'no add was tried for the deferred order');

  // The customers stage writes the customer; the engine retries the deferred order.
  await people.write([{ key: 'B0404', record: { customer_key: 'B0404', name: '新客户' } }], ctx);
  t.same(await object.write([batch[1]!], ctx), [{ key: 'tmall:100001', sinkId: 'tmall:100001' }], 'written on the next run');
});

t.test('sale orders cannot be edited through U8\'s OpenAPI: the same order again is a no-op, a changed one is refused by name', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const { object: people, ctx } = await open(emulator, customerSpec);
  await people.write(customers(1, 'B'), ctx);
  const { object } = await open(emulator, saleOrderSpec);
  const [order] = orders(['B0001']);
  await object.write([order!], ctx);

  t.same(await object.write([order!], ctx), [{ key: order!.key, sinkId: order!.key }], 'replayed: answered with its id');
  const changed = { key: order!.key, record: { ...order!.record, memo: '改了备注', entry: [{ inventorycode: 'SKU-TEA-01', quantity: 3, taxunitprice: '129.90' }] } };
  const [result] = (await object.write([changed], ctx)) ?? [];
  t.match(result, { error: /cannot be edited through the OpenAPI: order tmall:100000 in U8 differs in memo, entry/ });
  t.equal(calls(emulator, '/api/saleorder/add').length, 1, 'no second add');
  t.match(emulator.dump().saleorders, [{ memo: '天猫订单 100000' }], 'U8 keeps the order as it was');
});

import { MemoryPluginState } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { calls, customers, customerSpec, open, orders, saleOrderSpec, u8 } from './helpers/u8-fixtures.js';

t.test('the same batch written twice by two connections (a crash before datong committed, then a rerun) leaves one record per key', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const batch = customers(6);
  const state = new MemoryPluginState();

  const first = await open(emulator, customerSpec, { ctx: testContext({ state }) });
  const before = await first.object.write(batch, first.ctx);
  const second = await open(emulator, customerSpec, { ctx: testContext({ state }) });
  const again = await second.object.write(batch, second.ctx);

  t.same(again, before, 'the rerun answers the same U8 ids');
  for (const { key } of batch) t.same(emulator.countByCode('customer', key), { held: 1, created: 1 }, `customer ${key}: one record, made by one add`);
  t.equal(calls(emulator, '/api/customer/add').length, 6, 'six adds, all in the first run');
  t.equal(calls(emulator, '/api/customer/edit').length, 6, 'the rerun found each customer by its code and edited it');
  t.same(state.values.get(`yonyou-u8.pending-adds.${emulator.credentials.toAccount}.customers`), {}, 'no add is left pending once each was answered');
});

t.test('an add whose answer is lost is resent with the same tradeid: U8 answers the record it made, and makes no second', async (t) => {
  const emulator = await u8({ settings: { loseAddAnswers: 1 } });
  t.teardown(() => emulator.close());
  const { object, ctx } = await open(emulator, customerSpec);

  const results = await object.write(customers(1), ctx);
  t.same(results, [{ key: 'C0001', sinkId: 'C0001' }], 'written');
  const adds = calls(emulator, '/api/customer/add');
  t.equal(adds.length, 2, 'the add was sent twice: the lost answer, then the retry');
  t.equal(adds[0]!.status, 503);
  t.equal(adds[0]!.query.tradeid, adds[1]!.query.tradeid, 'both with the same tradeid');
  t.same(emulator.countByCode('customer', 'C0001'), { held: 1, created: 1 }, 'one customer');
});

t.test('a crash after the add was sent: the rerun resends the stored tradeid and U8 makes no second record', async (t) => {
  const emulator = await u8({ settings: { loseAddAnswers: 1 } });
  t.teardown(() => emulator.close());
  const state = new MemoryPluginState();
  const batch = orders(['B0001']);
  const { object: buyers, ctx: c0 } = await open(emulator, customerSpec);
  await buyers.write(customers(1, 'B'), c0);
  emulator.settings.loseAddAnswers = 1;

  // The first run's add is made in U8 but its answer never comes back, and the run dies (no retries left).
  const crashed = await open(emulator, saleOrderSpec, { ctx: testContext({ state }), config: { retries: 0 } });
  await t.rejects(crashed.object.write(batch, crashed.ctx), /503/, 'the first run fails not knowing whether U8 took the order');
  const pendingKey = `yonyou-u8.pending-adds.${emulator.credentials.toAccount}.saleOrders`;
  const stored = (state.values.get(pendingKey) as Record<string, string>)['tmall:100000'];
  t.equal(stored, calls(emulator, '/api/saleorder/add')[0]!.query.tradeid, 'its tradeid was in the store before the add was sent');

  // The rerun's look-up misses the order (a lagging read), so it adds again: with the stored tradeid.
  emulator.settings.getMisses = 1;
  emulator.settings.getMissesOf = 'saleorder';
  const rerun = await open(emulator, saleOrderSpec, { ctx: testContext({ state }) });
  const results = await rerun.object.write(batch, rerun.ctx);
  t.same(results, [{ key: 'tmall:100000', sinkId: 'tmall:100000' }], 'the rerun reports the order written');
  const adds = calls(emulator, '/api/saleorder/add');
  t.equal(adds.length, 2);
  t.equal(adds[1]!.query.tradeid, stored, 'the rerun resent the stored tradeid');
  t.equal(adds[1]!.status, 200);
  t.same(emulator.countByCode('saleorder', 'tmall:100000'), { held: 1, created: 1 }, 'one sale order in U8');
  t.same(state.values.get(pendingKey), {}, 'the pending tradeid is dropped once the add was answered');
});

t.test('the emulator keeps to U8\'s idempotency rules', async (t) => {
  const emulator = await u8();
  t.teardown(() => emulator.close());
  const c = emulator.credentials;
  const call = async (path: string, query: Record<string, string>, body?: unknown) => {
    const url = new URL(path, emulator.url);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return JSON.parse(await response.text()) as Record<string, any>;
  };
  const token = (await call('/system/token', { from_account: c.fromAccount, app_key: c.appKey, app_secret: c.appSecret })).token.id as string;
  const common = { from_account: c.fromAccount, to_account: c.toAccount, app_key: c.appKey, token, sync: '1' };
  const tradeid = async () => (await call('/system/tradeid', common)).trade.id as string;
  const customer = { customer: { code: 'X1', name: '测试客户', abbrname: '测试' } };

  const both = await call('/api/customer/add', { ...common, tradeid: await tradeid(), biz_id: 'X1' }, customer);
  t.equal(both.errcode, '20008', 'tradeid and biz_id together are refused');
  const byBiz = await call('/api/customer/add', { ...common, biz_id: 'shop-X1' }, customer);
  const againByBiz = await call('/api/customer/add', { ...common, biz_id: 'shop-X1' }, customer);
  t.same([byBiz.errcode, againByBiz.errcode, againByBiz.id], ['0', '0', 'X1'], 'a biz_id resubmitted answers the same record');
  const duplicate = await call('/api/customer/add', { ...common, tradeid: await tradeid() }, customer);
  t.match(duplicate, { errcode: '20007', errmsg: /X1/ }, 'the same code with a new tradeid is refused');
  t.same(emulator.countByCode('customer', 'X1'), { held: 1, created: 1 });
});

import { ConfigError } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { collect, records } from './helpers/collect.js';
import { connect, freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);
  const db = await connect(t, url);
  const ctx = testContext();
  await db.query(`
    CREATE TABLE stock (warehouse text, sku text, qty integer, PRIMARY KEY (warehouse, sku));
    INSERT INTO stock VALUES ('hz', 'b', 1), ('bj', 'z', 2), ('hz', 'a', 3), ('bj', 'a', 4), ('sh', 'a', 5), ('sh', 'b', 6);`);
  const source = await plugin.source!.open(
    { url, streams: { stock: { table: 'stock', key: ['warehouse', 'sku'] } } },
    ctx,
  );
  t.teardown(() => source.close?.());
  const [stock] = await source.streams();
  if (stock === undefined) throw new Error('no stream');

  t.test('without a cursor the table is read in key order with a positional state', async (t) => {
    const batches = await collect(stock, { batchSize: 4 }, ctx);
    t.same(
      records(batches).map((r) => `${r.warehouse}/${r.sku}`),
      ['bj/a', 'bj/z', 'hz/a', 'hz/b', 'sh/a', 'sh/b'],
    );
    t.same(
      batches.map((b) => b.state),
      [{ after: ['hz', 'b'], complete: false }, { complete: true }],
      'the last batch says the table was read to its end',
    );
    t.same(records(batches)[0], { warehouse: 'bj', sku: 'a', qty: 4 });
  });

  t.test('when the rows fill the last page exactly, an empty batch delivers the final state', async (t) => {
    const batches = await collect(stock, { batchSize: 3 }, ctx);
    t.same(
      batches.map((b) => b.items.length),
      [3, 3, 0],
    );
    t.same(batches.at(-1)?.state, { complete: true });
  });

  t.test('a run resumes after the position of an unfinished one, and starts over after a complete one', async (t) => {
    const resumed = await collect(stock, { batchSize: 4, state: { after: ['hz', 'a'], complete: false } }, ctx);
    t.same(
      records(resumed).map((r) => `${r.warehouse}/${r.sku}`),
      ['hz/b', 'sh/a', 'sh/b'],
    );
    const again = await collect(stock, { batchSize: 10, state: { complete: true } }, ctx);
    t.equal(records(again).length, 6, 'a complete state reads everything again');
  });

  t.test('an empty table yields one empty, complete batch', async (t) => {
    await db.query('CREATE TABLE empty_one (id text PRIMARY KEY)');
    const src = await plugin.source!.open({ url, streams: { e: { table: 'empty_one', key: ['id'] } } }, ctx);
    t.teardown(() => src.close?.());
    const [e] = await src.streams();
    t.same(await collect(e!, { batchSize: 10 }, ctx), [
      { items: [], state: { complete: true }, progress: { done: 0, unit: 'records' } },
    ]);
  });

  t.test('a missing table or column is a config error naming the stream', async (t) => {
    const missing = await plugin.source!.open({ url, streams: { ghost: { table: 'ghost', key: ['id'] } } }, ctx);
    t.teardown(() => missing.close?.());
    await t.rejects(missing.streams(), ConfigError);
    const badKey = await plugin.source!.open({ url, streams: { stock: { table: 'stock', key: ['nope'] } } }, ctx);
    t.teardown(() => badKey.close?.());
    await t.rejects(badKey.streams(), {
      name: 'ConfigError',
      message: /\(\/streams\/stock\/key\/0\): table "public"."stock" has no column "nope"/,
    });
    await t.rejects(plugin.source!.open({ streams: {} }, ctx), ConfigError);
  });

  t.test('check proves the connection', async (t) => {
    await source.check?.();
    t.pass();
  });
}

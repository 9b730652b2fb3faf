import { recordKey, type DataRecord } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { SCAN_PAGE } from '../src/table-sink-object.js';
import { sinkTargets } from './helpers/sink-targets.js';

const schema = {
  type: 'object',
  properties: {
    channel: { type: 'string' },
    order_no: { type: 'integer' },
    total: { type: 'string', format: 'decimal' },
    placed_at: { type: 'string', format: 'date-time' },
  },
};
const key = ['channel', 'order_no'];
// Two and a half pages; order numbers whose text order is not their numeric order (9 < 10 < 100).
const orders: DataRecord[] = ['jd', 'tmall'].flatMap((channel, c) =>
  Array.from({ length: SCAN_PAGE * 1.25 }, (_, i) => ({
    channel,
    order_no: i + 1,
    total: `${(i % 97) + c}.50`,
    placed_at: new Date(Date.UTC(2025, 2, 1) + i * 60_000).toISOString(),
  })),
);

for (const target of await sinkTargets(t, 'scan')) {
  t.test(`${target.name}: scan pages through the table in key order, in read-back's shape`, async (t) => {
    const { ctx } = target;
    const sink = await plugin.sink!.open(target.config, ctx);
    t.teardown(() => sink.close?.());
    const object = await sink.object({ name: 'orders', key, schema });
    // Written out of order: the scan's order must be the key's, not the table's.
    await object.write([...orders].reverse().map((record) => ({ key: recordKey(record, key), record })), ctx);

    const pages: number[] = [];
    const listed: { key: string; record: DataRecord }[] = [];
    for await (const page of object.scan!()) {
      pages.push(page.length);
      listed.push(...page);
    }
    t.same(pages, [SCAN_PAGE, SCAN_PAGE, SCAN_PAGE / 2], 'a query per thousand rows');
    t.same(listed.map((l) => l.key), orders.map((o) => recordKey(o, key)), 'every row once, by channel then order number (9 before 10)');
    const back = await object.readBack!(listed.map((l) => l.key));
    t.strictSame(listed.map((l) => l.record), listed.map((l) => back.get(l.key)), 'each record as read-back gives it');
    t.strictSame(listed[0]!.record, orders[0], 'which is the record as written');
  });

  t.test(`${target.name}: an empty table scans to nothing`, async (t) => {
    const sink = await plugin.sink!.open(target.config, target.ctx);
    t.teardown(() => sink.close?.());
    const object = await sink.object({ name: 'nothing_yet', key: ['id'], schema: { type: 'object', properties: { id: { type: 'string' } } } });
    const pages = [];
    for await (const page of object.scan!()) pages.push(page);
    t.same(pages, []);
  });
}

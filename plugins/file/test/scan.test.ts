import t from 'tap';
import { SCAN_PAGE } from '../src/file-sink-object.js';
import { openObject, writes } from './helpers/sink.js';

t.test('scan lists the records the file holds in file order, a thousand a page, as read-back gives them', async (t) => {
  const dir = t.testdir({});
  const { object, ctx } = await openObject(dir, { format: 'ndjson' });
  const customers = Array.from({ length: SCAN_PAGE * 2 + 5 }, (_, i) => ({ customer_id: `C${i + 1}`, name: `客户 ${i + 1}`, orders: i % 7 }));
  await object.write(writes(customers), ctx);
  await object.write(writes([{ ...customers[4]!, orders: 99 }]), ctx);
  await object.delete!(['C2']);

  const pages: number[] = [];
  const listed: { key: string; record: unknown }[] = [];
  for await (const page of object.scan!()) {
    pages.push(page.length);
    listed.push(...page);
  }
  t.same(pages, [SCAN_PAGE, SCAN_PAGE, 4]);
  const keys = customers.map((c) => c.customer_id).filter((k) => k !== 'C2');
  t.same(listed.map((l) => l.key), keys, 'every record once, where it stands in the file; the deleted one left out');
  const back = await object.readBack!(keys);
  t.strictSame(listed.map((l) => l.record), keys.map((k) => back.get(k)), "each record as read-back gives it, C5's update included");

  const { object: empty } = await openObject(t.testdir({}), { format: 'csv' });
  const none = [];
  for await (const page of empty.scan!()) none.push(page);
  t.same(none, [], 'a file not yet written scans to nothing');
});

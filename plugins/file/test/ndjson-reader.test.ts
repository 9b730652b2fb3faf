import t, { type Test } from 'tap';
import { invalidOf, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

async function readNdjson(t: Test, text: string, name = 'events.ndjson', config: Record<string, unknown> = {}) {
  const dir = t.testdir({ [name]: text });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: name, key: ['id'], ...config });
  return { stream, batches: await readBatches(stream, ctx) };
}

t.test('records keep their JSON types and are not coerced by the engine', async (t) => {
  const { stream, batches } = await readNdjson(t, '{"id":1,"paid":true,"lines":[{"sku":"A","qty":2}],"note":null}\n');
  t.same(recordsOf(batches), [{ id: 1, paid: true, lines: [{ sku: 'A', qty: 2 }], note: null }]);
  t.equal(stream.spec.coerceTypes, false);
});

t.test('a line that is not JSON is reported with its line; the others come through', async (t) => {
  const text = ['{"id":1}', '{"id":2,', '', '{"id":3}', '[1,2]', '"text"', '{"id":4}', ''].join('\n');
  const { batches } = await readNdjson(t, text);
  t.same(recordsOf(batches), [{ id: 1 }, { id: 3 }, { id: 4 }]);
  t.match(invalidOf(batches), [
    { at: 'events.ndjson:2', raw: '{"id":2,', invalid: /not valid JSON/ },
    { at: 'events.ndjson:5', raw: '[1,2]', invalid: /JSON but an array, not an object/ },
    { at: 'events.ndjson:6', raw: '"text"', invalid: /JSON but string, not an object/ },
  ]);
});

t.test('a last line cut mid-record is reported as possibly truncated', async (t) => {
  const { batches } = await readNdjson(t, '{"id":1}\r\n{"id":2,"name":"张');
  t.same(recordsOf(batches), [{ id: 1 }]);
  t.match(invalidOf(batches), [{ at: 'events.ndjson:2', invalid: /not valid JSON.*is the file cut off/ }]);
});

t.test('a complete last line without a line end is a record; .jsonl is NDJSON too', async (t) => {
  const { batches } = await readNdjson(t, '{"id":1}\n{"id":2}', 'events.jsonl');
  t.same(recordsOf(batches), [{ id: 1 }, { id: 2 }]);
});

t.test('columns renames top-level fields', async (t) => {
  const { batches } = await readNdjson(t, '{"订单号":"A1","金额":5}\n', 'events.ndjson', { key: ['order_no'], columns: { 订单号: 'order_no' } });
  t.same(recordsOf(batches), [{ order_no: 'A1', 金额: 5 }]);
});

t.test('a huge invalid line carries only a few KB of raw text', async (t) => {
  const { batches } = await readNdjson(t, `{"id":1,"x":"${'y'.repeat(100_000)}\n{"id":2}\n`);
  const [bad] = invalidOf(batches);
  t.ok(bad!.raw!.length < 5000);
  t.match(bad!.raw!, /… \(100013 characters\)$/, "says how long the line was");
  t.same(recordsOf(batches), [{ id: 2 }]);
});

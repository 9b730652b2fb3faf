import t, { type Test } from 'tap';
import { CsvRecordSplitter } from '../src/csv-record-splitter.js';
import { invalidOf, itemsOf, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

async function readCsv(t: Test, text: string | Buffer, config: Record<string, unknown> = {}) {
  const dir = t.testdir({ 'orders.csv': text });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', key: ['id'], ...config });
  return readBatches(stream, ctx);
}

t.test('quoted fields keep their delimiters, newlines and doubled quotes', async (t) => {
  const batches = await readCsv(t, 'id,note,size\n1,"a, b",2\n2,"line one\nline two",3\n3,"27"" screen",4\n');
  t.same(recordsOf(batches), [
    { id: '1', note: 'a, b', size: '2' },
    { id: '2', note: 'line one\nline two', size: '3' },
    { id: '3', note: '27" screen', size: '4' },
  ]);
  t.same(
    itemsOf(batches).map((item) => item.at),
    ['orders.csv:2', 'orders.csv:3', 'orders.csv:5'],
    'each item names the line its record starts on',
  );
});

t.test('header mapping renames mapped headers and keeps the others', async (t) => {
  const batches = await readCsv(t, '订单编号,客户,金额\nA1,张三,10\n', { key: ['order_no'], columns: { 订单编号: 'order_no', 金额: 'amount' } });
  t.same(recordsOf(batches), [{ order_no: 'A1', 客户: '张三', amount: '10' }]);
});

t.test('empty cells become absent fields; other values are not trimmed', async (t) => {
  const batches = await readCsv(t, 'id,name,email\n1,,x@y.cn\n2, 李四 ,\n');
  t.same(recordsOf(batches), [
    { id: '1', email: 'x@y.cn' },
    { id: '2', name: ' 李四 ' },
  ]);
  t.notOk('name' in recordsOf(batches)[0]!, 'no empty string for the schema to accept');
});

t.test('a row with the wrong number of fields is reported with its line; every other row comes through', async (t) => {
  const batches = await readCsv(t, 'id,name,qty\n1,a,1\n2,b\n3,c,3\n4,d,4,extra\n5,e,5\n');
  t.same(recordsOf(batches).map((r) => r.id), ['1', '3', '5']);
  t.same(invalidOf(batches), [
    { invalid: 'the row has 2 field(s), the header has 3', raw: '2,b', at: 'orders.csv:3' },
    { invalid: 'the row has 4 field(s), the header has 3', raw: '4,d,4,extra', at: 'orders.csv:5' },
  ]);
});

t.test('broken quotes cost only their own row', async (t) => {
  const text = ['id,name,qty', '1,a,1', '2,b"x,2', '3,"c"x,3', '4,d,4', '5,"e,5', '6,f,6', ''].join('\n');
  const batches = await readCsv(t, text);
  t.same(recordsOf(batches).map((r) => r.id), ['1', '4', '6'], 'rows after each broken quote are read normally');
  const invalid = invalidOf(batches);
  t.same(invalid.map((i) => i.at), ['orders.csv:3', 'orders.csv:4', 'orders.csv:6']);
  t.same(invalid.map((i) => i.raw), ['2,b"x,2', '3,"c"x,3', '5,"e,5']);
  t.match(invalid[0]!.invalid, /quote appears inside an unquoted field/);
  t.match(invalid[1]!.invalid, /followed by text/);
  t.match(invalid[2]!.invalid, /never closed/);
});

t.test('a file cut off in the middle of its last row reports that row as truncated', async (t) => {
  const cutInQuotes = await readCsv(t, 'id,name,note\n1,a,ok\n2,b,"half a no');
  t.same(recordsOf(cutInQuotes).map((r) => r.id), ['1']);
  t.match(invalidOf(cutInQuotes), [{ at: 'orders.csv:3', raw: '2,b,"half a no', invalid: /never closed before the end of the file/ }]);

  const cutMidRow = await readCsv(t, 'id,name,note\n1,a,ok\n2,b');
  t.match(invalidOf(cutMidRow), [{ at: 'orders.csv:3', invalid: /has 2 field\(s\).*is the file cut off/ }]);

  // Cut inside a Chinese character: the row has all its fields, but its last one is mangled.
  const bytes = Buffer.from('id,name\n1,张三\n2,李四', 'utf8');
  const cutMidChar = await readCsv(t, bytes.subarray(0, bytes.length - 1));
  t.same(recordsOf(cutMidChar), [{ id: '1', name: '张三' }]);
  t.match(invalidOf(cutMidChar), [{ at: 'orders.csv:3', invalid: /middle of a character/ }]);
});

t.test('a last line without a line end is an ordinary row when it is complete', async (t) => {
  const batches = await readCsv(t, 'id,name\r\n1,a\r\n2,b');
  t.same(recordsOf(batches), [
    { id: '1', name: 'a' },
    { id: '2', name: 'b' },
  ]);
});

t.test('blank lines and rows of empty cells are skipped; line numbers stay true', async (t) => {
  const batches = await readCsv(t, 'id,name\n\n1,a\n,\n\n2,b\n');
  t.same(
    itemsOf(batches).map((item) => item.at),
    ['orders.csv:3', 'orders.csv:6'],
  );
});

t.test('another delimiter is honoured', async (t) => {
  const batches = await readCsv(t, 'id;amount\n1;"1,5"\n', { delimiter: ';' });
  t.same(recordsOf(batches), [{ id: '1', amount: '1,5' }]);
});

t.test('a header naming one field twice is a clear error, not a silently lost column', async (t) => {
  await t.rejects(readCsv(t, 'id,客户,name\n1,a,b\n', { columns: { 客户: 'name' } }), {
    name: 'ConfigError',
    message: /orders\.csv.*columns 2 and 3 of the header both become field "name"/,
  });
});

t.test('the splitter finds the same records whatever the chunk boundaries', async (t) => {
  const text = 'id,note\r\n1,"a ""quoted"" word"\r\n2,"two\r\nlines"\r\n3,plain\r\n';
  const expected = new CsvRecordSplitter(',').push(text);
  for (let size = 1; size <= 5; size += 1) {
    const splitter = new CsvRecordSplitter(',');
    const got = [];
    for (let i = 0; i < text.length; i += size) got.push(...splitter.push(text.slice(i, i + size)));
    got.push(...splitter.end());
    t.same(got, expected, `chunks of ${size}`);
  }
  t.same(
    expected.map((r) => [r.startLine, r.endLine]),
    [
      [1, 1],
      [2, 2],
      [3, 4],
      [5, 5],
    ],
  );
});

t.test('a quote left open does not swallow the file: past the size limit its line is given up', async (t) => {
  const splitter = new CsvRecordSplitter(',', 100);
  const rows = ['1,"never closed', ...Array.from({ length: 20 }, (_, i) => `${i + 2},row`)].join('\n');
  const records = [...splitter.push(`${rows}\n`), ...splitter.end()];
  t.match(records[0], { startLine: 1, broken: /never closed/ });
  t.same(
    records.slice(1).map((r) => r.text),
    Array.from({ length: 20 }, (_, i) => `${i + 2},row`),
  );
});

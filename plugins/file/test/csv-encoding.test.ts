import t from 'tap';
import iconv from 'iconv-lite';
import { ConfigError } from '@datong/sdk';
import { FileDecoder } from '../src/encoding.js';
import { CHINESE_COLUMNS, CHINESE_ORDERS, CHINESE_RECORDS, encode } from './helpers/chinese-orders.js';
import { invalidOf, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

const variants = [
  { file: 'utf8', declared: 'auto' },
  { file: 'utf8', declared: 'utf8' },
  { file: 'utf8-bom', declared: 'auto' },
  { file: 'utf8-bom', declared: 'utf8' },
  { file: 'gbk', declared: 'auto' },
  { file: 'gbk', declared: 'gbk' },
  { file: 'gb18030', declared: 'auto' },
  { file: 'gb18030', declared: 'gb18030' },
] as const;

for (const { file, declared } of variants) {
  t.test(`a ${file} file read with encoding ${declared} gives the Chinese headers and values exactly`, async (t) => {
    const dir = t.testdir({ 'orders.csv': encode(CHINESE_ORDERS, file) });
    const ctx = testContext(dir);
    const stream = await openStream(ctx, { path: 'orders.csv', encoding: declared, columns: CHINESE_COLUMNS, key: ['order_no'] });
    const batches = await readBatches(stream, ctx);
    t.same(recordsOf(batches), CHINESE_RECORDS);
    t.same(invalidOf(batches), []);
  });
}

t.test('GB18030 characters GBK lacks (four-byte sequences) are decoded under auto', async (t) => {
  const text = '客户,城市\r\n𠮷野家,𡃁仔\r\n';
  const dir = t.testdir({ 'names.csv': encode(text, 'gb18030') });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'names.csv', key: ['客户'] });
  t.same(recordsOf(await readBatches(stream, ctx)), [{ 客户: '𠮷野家', 城市: '𡃁仔' }]);
});

t.test('a GBK file declared utf8 fails with an error that names the file and says to set gbk', async (t) => {
  const dir = t.testdir({ 'orders-gbk.csv': encode(CHINESE_ORDERS, 'gbk') });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders-gbk.csv', encoding: 'utf8', key: ['订单编号'] });
  const error = await readBatches(stream, ctx).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(error, ConfigError);
  const message = (error as Error).message;
  t.match(message, 'orders-gbk.csv');
  t.match(message, /not valid UTF-8/);
  t.match(message, /GBK\/GB18030/);
  t.match(message, /encoding: gbk/);
  t.match(message, '/streams/orders/encoding');
});

t.test('a UTF-8 file declared gbk fails rather than turning Chinese into mojibake', async (t) => {
  const dir = t.testdir({ 'orders.csv': encode(CHINESE_ORDERS, 'utf8') });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', encoding: 'gbk', key: ['订单编号'] });
  await t.rejects(readBatches(stream, ctx), { name: 'ConfigError', message: /orders\.csv.*is UTF-8, not GBK/ });
});

t.test('auto decides at the first non-ASCII bytes, however far into the file they are', async (t) => {
  // 200 KB of ASCII rows (more than one read chunk) before the first Chinese name.
  const ascii = Array.from({ length: 5000 }, (_, i) => `${i},customer-${i},2024-03-01T00:00:00Z`).join('\n');
  const text = `id,name,created\n${ascii}\n5000,张三,2024-03-02T00:00:00Z\n`;
  for (const encoding of ['utf8', 'gbk'] as const) {
    const dir = t.testdir({ 'late.csv': encode(text, encoding) });
    const ctx = testContext(dir);
    const stream = await openStream(ctx, { path: 'late.csv', key: ['id'] });
    const records = recordsOf(await readBatches(stream, ctx, { batchSize: 1000 }));
    t.equal(records.length, 5001, encoding);
    t.same(records.at(-1), { id: '5000', name: '张三', created: '2024-03-02T00:00:00Z' }, encoding);
  }
});

t.test('decoding is exact whatever the chunk boundaries, even one byte at a time', async (t) => {
  for (const encoding of ['utf8', 'gb18030'] as const) {
    const bytes = encode(CHINESE_ORDERS, encoding);
    const decoder = new FileDecoder({ encoding: 'auto', file: 'orders.csv' });
    let text = '';
    for (let i = 0; i < bytes.length; i += 1) text += decoder.write(bytes.subarray(i, i + 1));
    text += decoder.end();
    t.equal(text, CHINESE_ORDERS, encoding);
    t.equal(decoder.encoding, encoding);
  }
});

t.test('invalid UTF-8 split across chunks is still caught, with its byte offset', async (t) => {
  const bytes = Buffer.concat([Buffer.from('id,name\n1,ok\n2,'), encode('张三', 'gbk'), Buffer.from('\n')]);
  const decoder = new FileDecoder({ encoding: 'utf8', file: 'x.csv' });
  t.throws(() => {
    for (let i = 0; i < bytes.length; i += 3) decoder.write(bytes.subarray(i, i + 3));
    decoder.end();
  }, { message: /x\.csv: is not valid UTF-8 \(byte 15\)/ });
});

t.test('a UTF-16 file (Excel "Unicode Text") is named as such, declared or detected', async (t) => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id\t客户\r\n1\t张三\r\n', 'utf16le')]);
  for (const encoding of ['auto', 'utf8'] as const) {
    const dir = t.testdir({ 'unicode.csv': bytes });
    const ctx = testContext(dir);
    const stream = await openStream(ctx, { path: 'unicode.csv', encoding, delimiter: '\t', key: ['id'] });
    await t.rejects(readBatches(stream, ctx), { name: 'ConfigError', message: /unicode\.csv.*is UTF-16.*CSV UTF-8/ }, encoding);
  }
});

t.test('a file in another East Asian encoding is refused by name, not read as mojibake', async (t) => {
  const dir = t.testdir({ 'korea.csv': iconv.encode('이름,주소\n김철수,서울특별시 강남구 테헤란로 123\n이영희,부산광역시 해운대구\n', 'euc-kr') });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'korea.csv', key: ['이름'] });
  await t.rejects(readBatches(stream, ctx), { name: 'ConfigError', message: /korea\.csv.*neither UTF-8 nor GBK\/GB18030 \(it looks like EUC-KR\)/ });
});

t.test('bytes that are not GB18030 are read as U+FFFD and counted in a warning', async (t) => {
  const bytes = Buffer.concat([encode('客户,城市\n张三,', 'gbk'), Buffer.from([0xff]), encode('北京\n', 'gbk')]);
  const dir = t.testdir({ 'orders.csv': bytes });
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.csv', encoding: 'gbk', key: ['客户'] });
  t.same(recordsOf(await readBatches(stream, ctx)), [{ 客户: '张三', 城市: '\uFFFD北京' }]);
  const warnings = ctx.messages.filter((m) => m.level === 'warn').map((m) => m.message);
  t.match(warnings, [/orders\.csv: 1 byte sequence\(s\) are not valid gbk/]);
});

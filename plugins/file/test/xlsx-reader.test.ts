import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { invalidOf, itemsOf, openStream, readBatches, recordsOf, testContext } from './helpers/context.js';

// A back-office export: a summary sheet first, the orders on the second, typed cells throughout.
async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('汇总').addRow(['导出时间', '2024-03-02']);
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(['订单编号', '金额', '下单时间', '发货日期', '已付款', '小计', '备注', '客户']);
  sheet.addRow(['A001', 128.5, new Date('2024-03-01T10:00:00Z'), new Date('2024-03-02T00:00:00Z'), true, { formula: 'B2*2', result: 257 }, { richText: [{ text: '加急' }, { text: '，易碎' }] }, '张三']);
  sheet.addRow(['A002', 66, new Date('2024-03-01T11:30:00Z'), null, false, { formula: 'B3*2', result: 132 }, null, '李四']);
  sheet.addRow([]);
  sheet.addRow(['A003', 0, new Date('2024-03-02T09:15:00Z'), new Date('2024-03-03T00:00:00Z'), false, null, '', '王五']);
  for (const row of [2, 3, 5]) {
    sheet.getCell(`C${row}`).numFmt = 'yyyy-mm-dd hh:mm:ss';
    sheet.getCell(`D${row}`).numFmt = 'yyyy-mm-dd';
  }
  await workbook.xlsx.writeFile(path);
}

t.test('an XLSX sheet reads with typed cells, dates as ISO text and its row numbers', async (t) => {
  const dir = t.testdir({});
  await writeWorkbook(join(dir, 'orders.xlsx'));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.xlsx', sheet: 'Orders', key: ['order_no'], columns: { 订单编号: 'order_no' } });
  t.equal(stream.spec.coerceTypes, true);
  const batches = await readBatches(stream, ctx);
  t.same(recordsOf(batches), [
    { order_no: 'A001', 金额: 128.5, 下单时间: '2024-03-01T10:00:00.000Z', 发货日期: '2024-03-02', 已付款: true, 小计: 257, 备注: '加急，易碎', 客户: '张三' },
    { order_no: 'A002', 金额: 66, 下单时间: '2024-03-01T11:30:00.000Z', 已付款: false, 小计: 132, 客户: '李四' },
    { order_no: 'A003', 金额: 0, 下单时间: '2024-03-02T09:15:00.000Z', 发货日期: '2024-03-03', 已付款: false, 客户: '王五' },
  ]);
  t.same(itemsOf(batches).map((item) => item.at), ['orders.xlsx:2', 'orders.xlsx:3', 'orders.xlsx:5']);
  t.same(invalidOf(batches), []);
});

t.test('without a sheet name the first sheet is read', async (t) => {
  const dir = t.testdir({});
  await writeWorkbook(join(dir, 'orders.xlsx'));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.xlsx', key: ['导出时间'] });
  t.same(recordsOf(await readBatches(stream, ctx)), []);
});

t.test('a missing sheet is an error that lists the sheets there are', async (t) => {
  const dir = t.testdir({});
  await writeWorkbook(join(dir, 'orders.xlsx'));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.xlsx', sheet: 'Order', key: ['id'] });
  await t.rejects(readBatches(stream, ctx), { name: 'ConfigError', message: /orders\.xlsx.*no sheet named "Order" \(it has "汇总", "Orders"\)/ });
});

t.test('XLSX resumes by row number and batches like any other format', async (t) => {
  const dir = t.testdir({});
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(['id', 'amount']);
  for (let i = 1; i <= 25; i += 1) sheet.addRow([`A${i}`, i]);
  await workbook.xlsx.writeFile(join(dir, 'orders.xlsx'));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'orders.xlsx', key: ['id'] });
  const batches = await readBatches(stream, ctx, { batchSize: 10 });
  t.same(batches.map((b) => b.items.length), [10, 10, 5]);
  t.match(batches[0]!.state, { scan: { file: 'orders.xlsx', line: 11 } });
  const resumed = await readBatches(stream, ctx, { state: batches[0]!.state, batchSize: 10 });
  t.same(recordsOf(resumed).map((r) => r.id), Array.from({ length: 15 }, (_, i) => `A${i + 11}`));
});

t.test('a truncated workbook, or a file that is not one, fails with an error naming the file', async (t) => {
  const dir = t.testdir({ 'fake.xlsx': 'id,amount\n1,2\n' });
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Orders');
  sheet.addRow(['id', 'amount']);
  for (let i = 1; i <= 2000; i += 1) sheet.addRow([`A${i}`, i]);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(join(dir, 'cut.xlsx'), bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const ctx = testContext(dir);
  for (const name of ['fake.xlsx', 'cut.xlsx']) {
    const stream = await openStream(ctx, { path: name, key: ['id'] });
    await t.rejects(readBatches(stream, ctx), { code: 'FILE_UNREADABLE', message: new RegExp(`^${name.replace('.', '\\.')} cannot be read as XLSX`) });
  }
});

t.test('hyperlinks give their text, error cells their code, formulas without a result nothing', async (t) => {
  const dir = t.testdir({});
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Shops');
  sheet.addRow(['id', '店铺', '检查', '合计']);
  sheet.addRow(['S1', { text: '旗舰店', hyperlink: 'https://shop.example.cn/1' }, { error: '#N/A' }, { formula: 'SUM(A1:A2)' }]);
  await workbook.xlsx.writeFile(join(dir, 'shops.xlsx'));
  const ctx = testContext(dir);
  const stream = await openStream(ctx, { path: 'shops.xlsx', key: ['id'] });
  t.same(recordsOf(await readBatches(stream, ctx)), [{ id: 'S1', 店铺: '旗舰店', 检查: '#N/A' }]);
});

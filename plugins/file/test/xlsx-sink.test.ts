import t, { type Test } from 'tap';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sheetName } from '../src/xlsx-writer.js';
import { testContext } from './helpers/context.js';
import { openObject, writes } from './helpers/sink.js';

const ORDER_SPEC = {
  name: 'orders',
  key: ['order_no'],
  schema: {
    type: 'object',
    properties: {
      order_no: { type: 'string' },
      customer: { type: 'string' },
      amount: { type: 'number' },
      paid: { type: 'boolean' },
      created_at: { type: 'string' },
      ship_date: { type: 'string' },
      lines: { type: 'array' },
      address: { type: 'object' },
      note: { type: 'string' },
    },
  },
};

const ORDERS = [
  {
    order_no: 'A001',
    customer: '张三',
    amount: 128.5,
    paid: true,
    created_at: '2024-03-01T10:00:00+08:00',
    ship_date: '2024-03-02',
    lines: [{ sku: 'TEA-01', qty: 2 }],
    address: { city: '北京', street: '建国路88号' },
    note: '2024-03-01 10:00 请尽快发货',
  },
  { order_no: 'A002', customer: 'Li', amount: 66, paid: false, created_at: '2024-03-01T11:30:00Z', note: '2024-03-01T11:30:00' },
];

async function writtenWorkbook(t: Test): Promise<ExcelJS.Worksheet> {
  const dir = t.testdir({});
  const { object } = await openObject(dir, { format: 'xlsx' }, ORDER_SPEC);
  await object.write(writes(ORDERS, ORDER_SPEC), testContext(dir));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(dir, 'out', 'orders.xlsx'));
  t.same(workbook.worksheets.map((sheet) => sheet.name), ['orders'], 'one sheet, named after the object');
  return workbook.worksheets[0]!;
}

t.test('the header row is bold and frozen, in schema order', async (t) => {
  const sheet = await writtenWorkbook(t);
  t.same(sheet.getRow(1).values, [undefined, 'order_no', 'customer', 'amount', 'paid', 'created_at', 'ship_date', 'lines', 'address', 'note']);
  t.equal(sheet.getRow(1).getCell(1).font?.bold, true);
  t.match(sheet.views, [{ state: 'frozen', ySplit: 1 }]);
});

t.test('cells are typed: numbers, booleans, dates; nested values are JSON text', async (t) => {
  const sheet = await writtenWorkbook(t);
  const row = sheet.getRow(2);
  t.equal(row.getCell('C').value, 128.5);
  t.equal(row.getCell('C').type, ExcelJS.ValueType.Number);
  t.equal(row.getCell('D').value, true);
  t.same(row.getCell('E').value, new Date('2024-03-01T02:00:00Z'), 'a zoned timestamp is a date (in UTC)');
  t.equal(row.getCell('E').numFmt, 'yyyy-mm-dd hh:mm:ss');
  t.same(row.getCell('F').value, new Date('2024-03-02T00:00:00Z'));
  t.equal(row.getCell('F').numFmt, 'yyyy-mm-dd');
  t.equal(row.getCell('G').value, '[{"sku":"TEA-01","qty":2}]');
  t.equal(row.getCell('H').value, '{"city":"北京","street":"建国路88号"}');
  t.equal(row.getCell('I').value, '2024-03-01 10:00 请尽快发货', 'text that merely starts like a date stays text');
  t.equal(sheet.getRow(3).getCell('I').value, '2024-03-01T11:30:00', 'a timestamp without a zone stays text');
  t.equal(sheet.getRow(3).getCell('D').value, false);
  t.equal(sheet.getRow(3).getCell('G').value, null, 'a missing field is an empty cell');
});

t.test('columns are wide enough to read and never absurd', async (t) => {
  const sheet = await writtenWorkbook(t);
  const widths = sheet.columns.map((column) => column.width ?? 0);
  t.ok(widths.every((width) => width >= 8 && width <= 60));
  t.ok(sheet.getColumn('H').width! > sheet.getColumn('D').width!, 'the address column is wider than the paid column');
});

t.test('sheet names are made acceptable to Excel', async (t) => {
  t.equal(sheetName('orders/2024:Q1'), 'orders_2024_Q1');
  t.equal(sheetName('a'.repeat(40)).length, 31);
});

t.test('a value longer than an Excel cell holds is refused, not cut', async (t) => {
  const dir = t.testdir({});
  const { object } = await openObject(dir, { format: 'xlsx' }, ORDER_SPEC);
  const results = await object.write(writes([{ order_no: 'A9', note: 'x'.repeat(40_000) }, ORDERS[1]!], ORDER_SPEC), testContext(dir));
  t.match(results, [{ key: 'A9', error: /note.*32767/ }, { key: 'A002' }]);
});


import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { fileSink } from '../src/file-sink.js';
import { workbookName } from '../src/run-workbook.js';
import { testContext } from './helpers/context.js';
import { CUSTOMER_SPEC, writes } from './helpers/sink.js';

const ORDER_SPEC = {
  name: 'orders',
  key: ['order_no'],
  schema: { type: 'object', properties: { order_no: { type: 'string' }, customer_id: { type: 'string' }, amount: { type: 'number' }, paid_at: { type: 'string' } } },
};

const customers = [
  { customer_id: 'c-1', name: '王芳', orders: 3, vip: true, tags: ['gold', '复购'], updated_at: '2026-11-30T08:00:00Z' },
  { customer_id: 'c-2', name: 'Li Wei', orders: 1, vip: false, tags: [], updated_at: '2026-12-01T09:30:00+08:00' },
];
const orders = [
  { order_no: 'T-1001', customer_id: 'c-1', amount: 129.9, paid_at: '2026-11-30T08:00:00Z' },
  { order_no: 'T-1002', customer_id: 'c-2', amount: 45, paid_at: '2026-12-01' },
];

/** One run: open the sink, write to both objects, close it as the engine does at the run's end. */
async function run(dir: string, config: Record<string, unknown>, batch: { customers?: typeof customers; orders?: typeof orders }): Promise<void> {
  const ctx = testContext(dir);
  const connection = await fileSink.open({ dir: 'out', ...config } as never, ctx);
  const c = await connection.object(CUSTOMER_SPEC);
  const o = await connection.object(ORDER_SPEC);
  if (batch.customers) await c.write(writes(batch.customers), ctx);
  if (batch.orders) await o.write(writes(batch.orders, ORDER_SPEC), ctx);
  await connection.close?.();
}

const workbooks = (dir: string) => readdirSync(join(dir, 'out')).filter((f) => f.startsWith('crm')).sort();

t.test('each run that writes leaves one workbook: a sheet per object, all its records, frozen bold header, typed cells', async (t) => {
  const dir = t.testdir({});
  await run(dir, { format: 'ndjson', workbook: 'crm-{date}-{time}' }, { customers, orders });
  const files = workbooks(dir);
  t.equal(files.length, 1, 'one workbook for the run');
  t.match(files[0], /^crm-\d{4}-\d{2}-\d{2}-\d{6}\.xlsx$/, 'named from the pattern, .xlsx added');
  t.ok(readdirSync(join(dir, 'out')).includes('customers.ndjson'), 'the object files stay in their own format');

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(join(dir, 'out', files[0]!));
  t.same(book.worksheets.map((s) => s.name), ['customers', 'orders'], 'one sheet per object, in the order the run opened them');
  const sheet = book.getWorksheet('customers')!;
  t.same(sheet.getRow(1).values, [undefined, 'customer_id', 'name', 'orders', 'vip', 'tags', 'updated_at'], 'header in schema order');
  t.equal(sheet.getRow(1).getCell(1).font?.bold, true);
  t.match(sheet.views, [{ state: 'frozen', ySplit: 1 }]);
  t.equal(sheet.getRow(2).getCell(3).value, 3, 'a number stays a number');
  t.equal(sheet.getRow(2).getCell(4).value, true, 'a boolean stays a boolean');
  t.ok(sheet.getRow(2).getCell(6).value instanceof Date, 'a zoned timestamp is an Excel date');
  t.equal(sheet.getRow(2).getCell(5).value, '["gold","复购"]', 'tags as JSON text');
  t.equal(book.getWorksheet('orders')!.rowCount, 3, 'header plus both orders');

  // A second run changes one order: its workbook holds every record, not only the change.
  await new Promise((r) => setTimeout(r, 1100));
  await run(dir, { format: 'ndjson', workbook: 'crm-{date}-{time}' }, { orders: [{ ...orders[0]!, amount: 99 }] });
  const after = workbooks(dir);
  t.equal(after.length, 2, 'a second run, a second workbook');
  const second = new ExcelJS.Workbook();
  await second.xlsx.readFile(join(dir, 'out', after[1]!));
  t.equal(second.getWorksheet('customers')!.rowCount, 3, 'customers untouched by the run are still all there');
  t.equal(second.getWorksheet('orders')!.getRow(2).getCell(3).value, 99, 'the changed order is current');
});

t.test('a run that changes nothing writes no workbook; two runs in one second get distinct names', async (t) => {
  const dir = t.testdir({});
  await run(dir, { format: 'xlsx', workbook: 'crm' }, {});
  t.same(workbooks(dir), [], 'nothing written, no workbook');
  await run(dir, { format: 'xlsx', workbook: 'crm' }, { customers });
  await run(dir, { format: 'xlsx', workbook: 'crm' }, { customers });
  t.same(workbooks(dir), ['crm-2.xlsx', 'crm.xlsx'], 'the second run of a fixed name does not overwrite the first');
});

t.test('the pattern takes the local date and time of the run start', async (t) => {
  t.equal(workbookName('rescue-{date}-{time}.xlsx', new Date(2026, 11, 3, 9, 5, 7)), 'rescue-2026-12-03-090507.xlsx');
  t.equal(workbookName('{date}', new Date(2026, 0, 9, 23, 59, 0)), '2026-01-09.xlsx');
});

t.test('a workbook pattern naming a folder is refused by the config schema', async (t) => {
  const schema = JSON.parse(readFileSync(new URL('../contracts/sink-config.schema.json', import.meta.url), 'utf8')) as object;
  const validate = new Ajv2020({ strict: false }).compile(schema);
  t.notOk(validate({ dir: 'out', workbook: '../elsewhere/crm.xlsx' }), 'a path is refused');
  t.ok(validate({ dir: 'out', workbook: 'crm-{date}.xlsx' }));
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatongError, type DataRecord, type SinkObject } from '@datong/sdk';
import t from 'tap';
import { CUSTOMER_SPEC, openObject, writes } from './helpers/sink.js';

const READ_ONLY = { ...CUSTOMER_SPEC, readOnly: true };
const ALICE = { customer_id: 'C1', name: '张三', orders: 3, vip: true, tags: ['tmall', 'jd'], updated_at: '2024-03-01T10:00:00.000Z' };
const BOB = { customer_id: 'C2', name: 'Bob "the builder", Jr.', orders: 0, vip: false, tags: ['douyin'], updated_at: '2024-03-02T10:00:00.000Z' };

async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

/** Write and delete, each as the error it was refused with (undefined if it went through). */
async function refusals(object: SinkObject, ctx: Parameters<SinkObject['write']>[1]): Promise<unknown[]> {
  const refused = (call: () => Promise<unknown>) => call().then(() => undefined, (error: unknown) => error);
  return [await refused(() => object.write(writes([ALICE]), ctx)), await refused(() => object.delete!(['C1']))];
}

for (const format of ['ndjson', 'csv', 'xlsx'] as const) {
  t.test(`${format}: opened read-only where nothing exists yet, no folder or file is made and nothing is found`, async (t) => {
    const dir = t.testdir({});
    const { object, ctx } = await openObject(dir, { format }, READ_ONLY);
    t.same((await object.readBack!(['C1', 'C2'])).size, 0, 'read-back finds nothing');
    t.same([...(await scanned(object)).keys()], [], 'scan finds nothing');
    for (const error of await refusals(object, ctx)) {
      t.ok(error instanceof DatongError && error.code === 'SINK_READ_ONLY', 'refused with SINK_READ_ONLY');
      t.match((error as Error).message, /customers\.\w+ was opened read-only \(a dry run or a reconciliation\): (write|delete) is refused/);
    }
    t.notOk(existsSync(join(dir, 'out')), 'no folder was created');
  });

  t.test(`${format}: in an existing folder without the file, no file is created`, async (t) => {
    const dir = t.testdir({ out: {} });
    const { object, ctx } = await openObject(dir, { format }, READ_ONLY);
    await refusals(object, ctx);
    t.same(readdirSync(join(dir, 'out')), [], 'the folder stays empty');
  });

  t.test(`${format}: after a normal write, a read-only object reads the same records and leaves the file as it is`, async (t) => {
    const dir = t.testdir({});
    const normal = await openObject(dir, { format });
    await normal.object.write(writes([ALICE, BOB]), normal.ctx);
    const path = join(dir, 'out', `customers.${format}`);
    const bytes = readFileSync(path);

    const { object, ctx } = await openObject(dir, { format }, READ_ONLY);
    const keys = ['C1', 'C2', 'C9'];
    t.same(await object.readBack!(keys), await normal.object.readBack!(keys), 'read-back alike');
    t.same(await scanned(object), await scanned(normal.object), 'scan alike');
    t.ok((await refusals(object, ctx)).every((error) => error instanceof DatongError), 'write and delete are refused');
    t.same(readFileSync(path), bytes, 'the file is byte for byte as the normal write left it');
    t.same(readdirSync(join(dir, 'out')), [`customers.${format}`], 'and nothing was added beside it');
  });
}

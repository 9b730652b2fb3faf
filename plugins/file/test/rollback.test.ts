import type { DataRecord, SinkObject, SinkObjectSpec } from '@datong/sdk';
import { differingFields } from '@datong/sdk/testing';
import t from 'tap';
import { openObject, writes } from './helpers/sink.js';

const SPEC: SinkObjectSpec = {
  name: 'customers',
  key: ['customer_id'],
  schema: {
    type: 'object',
    properties: {
      customer_id: { type: 'string' },
      name: { type: 'string' },
      phone: { type: ['string', 'null'] },
      note: { type: ['string', 'null'] },
      orders: { type: 'integer' },
      vip: { type: 'boolean' },
      updated_at: { type: 'string', format: 'date-time' },
    },
  },
};
const A = { customer_id: 'C1', name: '张三', phone: '+8613812345678', orders: 3, vip: true, updated_at: '2024-03-01T10:00:00Z' };
const B = { customer_id: 'C2', name: 'Emma Johnson', phone: '+14155550100', orders: 0, vip: false, updated_at: '2024-03-02T10:00:00Z' };

async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

/** The fields in which two records differ, compared as the contract kit compares them (both ways). */
const differences = (a: DataRecord, b: DataRecord) => [...new Set([...differingFields(a, b), ...differingFields(b, a)])];

for (const format of ['ndjson', 'csv', 'xlsx'] as const) {
  t.test(`${format}: a rollback puts B back field for field and deletes A, in memory and on disk`, async (t) => {
    const dir = t.testdir({});
    const { object, ctx } = await openObject(dir, { format }, SPEC);
    await object.write(writes([A, B], SPEC), ctx);
    const imageB = (await object.readBack!([B.customer_id])).get(B.customer_id)!;
    t.notOk('note' in imageB, 'B has no note before the run');

    // The run: B renamed, given a note, its phone cleared.
    await object.write(writes([{ ...B, name: 'Emma Johnson-Li', note: '批发客户 (wholesale)', phone: null }], SPEC), ctx);

    // The rollback: B's before-image written back, A's creation undone.
    await object.write([{ key: B.customer_id, record: imageB }], ctx);
    await object.delete!([A.customer_id]);

    const back = await object.readBack!([A.customer_id, B.customer_id]);
    t.strictSame(back.get(B.customer_id), imageB, 'B reads back exactly as its before-image');
    t.notOk(back.has(A.customer_id), 'A is gone');
    const listed = await scanned(object);
    t.same([...listed.keys()], [B.customer_id], 'scan lists B only');
    t.strictSame(listed.get(B.customer_id), imageB, "with read-back's record");

    // What the file itself holds, as a fresh object loads it.
    const { object: reopened } = await openObject(dir, { format }, SPEC);
    const onDisk = await scanned(reopened);
    t.same([...onDisk.keys()], [B.customer_id], 'the file holds B only');
    const fileB = onDisk.get(B.customer_id)!;
    t.same(differences(imageB, fileB), [], 'and B as its before-image');
    t.notOk(fileB.note, 'without the note the run set');
    t.equal(fileB.phone, B.phone, 'with its phone back');
  });
}

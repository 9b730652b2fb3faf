import { recordKey, type DataRecord, type SinkObject } from '@datong/sdk';
import t from 'tap';
import plugin from '../src/index.js';
import { sinkTargets } from './helpers/sink-targets.js';

const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    phone: { type: ['string', 'null'] },
    company: { type: ['string', 'null'] },
    spent: { type: 'string', format: 'decimal' },
    updated_at: { type: 'string', format: 'date-time' },
    tags: { type: ['array', 'null'] },
  },
};
const A = { id: 'C-A', name: '李伟', phone: '+8613812345678', company: null, spent: '1290.00', updated_at: '2025-03-01T08:00:00.000Z', tags: ['vip'] };
const B = { id: 'C-B', name: 'Emma Johnson', phone: '+14155550100', company: null, spent: '80.50', updated_at: '2025-03-01T09:00:00.000Z', tags: null };
const writes = (records: DataRecord[]) => records.map((record) => ({ key: recordKey(record, ['id']), record }));

async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

for (const target of await sinkTargets(t, 'rollback')) {
  t.test(`${target.name}: a rollback puts B back column for column and deletes A`, async (t) => {
    const { ctx } = target;
    const sink = await plugin.sink!.open(target.config, ctx);
    t.teardown(() => sink.close?.());
    const customers = await sink.object({ name: 'customers', key: ['id'], schema });
    await customers.write(writes([A, B]), ctx);
    const imageB = (await customers.readBack!([B.id])).get(B.id)!;
    t.strictSame(imageB, B, 'the before-image is B as written, its empty company included');

    // The run: B renamed, given a company and tags, its phone cleared.
    await customers.write(writes([{ ...B, name: 'Emma Johnson-Li', company: '杭州云栖贸易', phone: null, tags: ['wholesale'] }]), ctx);
    t.match((await customers.readBack!([B.id])).get(B.id), { company: '杭州云栖贸易', phone: null });

    // The rollback: B's before-image written back, A's creation undone.
    await customers.write([{ key: B.id, record: imageB }], ctx);
    await customers.delete!([A.id]);

    const back = await customers.readBack!([A.id, B.id]);
    t.strictSame(back.get(B.id), imageB, 'B reads back exactly as its before-image: phone back, company and tags empty again');
    t.notOk(back.has(A.id), 'A is gone');
    const listed = await scanned(customers);
    t.same([...listed.keys()], [B.id], 'scan lists B only');
    t.strictSame(listed.get(B.id), imageB, "with read-back's record");
  });
}

import t from 'tap';
import { compare, configFor, emulator, expectedOrders, latestRead, openStream, readAll } from './helpers/douyin.js';

for (const faults of [{ shiftPages: 2 }, { duplicatePage: true }]) {
  t.test(`the kit's page fault ${JSON.stringify(faults)} loses no order`, async (t) => {
    const emu = await emulator(t, { orders: 40, faults });
    const { stream, ctx } = await openStream(configFor(emu, { pageSize: 5, windowHours: 2000 }), 'orders');
    const read = await readAll(stream, ctx);
    t.ok(emu.kit.requests.some((r) => r.fault !== undefined), 'the fault was served');
    t.same(compare(latestRead(read.records), expectedOrders(emu)), { missing: [], stale: [] });
    const ids = read.records.map((r) => String(r.order_id));
    t.equal(new Set(ids).size, ids.length, 'each order delivered once per window');
  });
}

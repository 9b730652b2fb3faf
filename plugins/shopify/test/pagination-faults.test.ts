import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll } from './helpers/shopify.js';

for (const stream of ['orders', 'customers'] as const) {
  t.test(`${stream}: shifted pages are de-duplicated, nothing missing`, async (t) => {
    const emu = await emulator(t, { orders: 60, faults: { shiftPages: 3 } });
    const { stream: s, ctx } = await openStream(configFor(emu, { pageSize: 10 }), stream);
    const read = await readAll(s, ctx);
    t.ok(emu.kit.requests.some((r) => /shift-pages/.test(r.fault ?? '')), 'pages were shifted');
    t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, stream)), { missing: [], stale: [] });
    t.equal(new Set(read.records.map((r) => r.id)).size, read.records.length, 'no record delivered twice in one run');
  });

  t.test(`${stream}: a page served twice is de-duplicated, nothing missing`, async (t) => {
    const emu = await emulator(t, { orders: 60, faults: { duplicatePage: true } });
    const { stream: s, ctx } = await openStream(configFor(emu, { pageSize: 10 }), stream);
    const read = await readAll(s, ctx);
    t.ok(emu.kit.requests.some((r) => /duplicate-page/.test(r.fault ?? '')), 'a page was served twice');
    t.same(compareVersions(latestVersions(read.records), expectedVersions(emu, stream)), { missing: [], stale: [] });
    t.equal(new Set(read.records.map((r) => r.id)).size, read.records.length, 'no record delivered twice in one run');
  });

  t.test(`${stream}: records changed mid-pagination arrive in their latest version by the next run`, async (t) => {
    const emu = await emulator(t, { orders: 60, faults: { changeAfterPages: 2 } });
    const config = configFor(emu, { pageSize: 10 });
    const first = await openStream(config, stream);
    const run1 = await readAll(first.stream, first.ctx);
    t.ok(emu.kit.requests.some((r) => /records-changed/.test(r.fault ?? '')), 'records changed while the run paged');
    emu.store.mutate({ orders: 4, customers: 4 });
    const second = await openStream(config, stream, testContext());
    const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
    t.same(compareVersions(latestVersions(run1.records, run2.records), expectedVersions(emu, stream)), { missing: [], stale: [] });
  });
}

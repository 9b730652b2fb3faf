import t from 'tap';
import { compareVersions, configFor, emulator, expectedVersions, latestVersions, openStream, readAll, searches } from './helpers/jd.js';

const gmt8 = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`);

t.test('windows are never wider than windowHours, and each is paged from its last page back', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const { stream, ctx } = await openStream(configFor(emu, { windowHours: 48, pageSize: 5 }));
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 60);
  const calls = searches(emu);
  for (const c of calls) t.ok(gmt8(c.end) - gmt8(c.start) < 48 * 3600_000, `${c.start}..${c.end} within 48 h`);
  const windowed = calls.filter((c) => c.pageSize === 5);
  const pagesOf = new Map<string, number[]>();
  for (const c of windowed) pagesOf.set(c.start, [...(pagesOf.get(c.start) ?? []), c.page]);
  const multi = [...pagesOf.values()].filter((p) => p.length > 2);
  t.ok(multi.length > 0, 'some window has several pages');
  for (const pages of multi) t.same(pages, [1, ...Array.from({ length: pages.length - 1 }, (_, i) => pages.length - 1 - i)], `pages ${pages}: first, then last back to 1`);
});

t.test('orders changed mid-scan are not missed; a second run reads only what changed', async (t) => {
  const emu = await emulator(t, { orders: 60, faults: { changeAfterPages: 4 } });
  const config = configFor(emu, { pageSize: 5, windowHours: 72 });
  const first = await openStream(config);
  const run1 = await readAll(first.stream, first.ctx);
  const second = await openStream(config);
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(compareVersions(latestVersions(run1.records, run2.records), expectedVersions(emu)), { missing: [], stale: [] }, 'every order at its latest version');
  t.ok(run2.records.length < 20, `the second run read only recent changes (${run2.records.length})`);
  const changed = emu.store.mutate(4, 1);
  const third = await openStream(config);
  const run3 = await readAll(third.stream, third.ctx, { state: run2.state });
  const ids = new Set(run3.records.map((r) => r.order_id));
  for (const id of [...changed.changed, ...changed.added]) t.ok(ids.has(id), `order ${id} read again`);
  t.ok(run3.records.length < 20, `the third run reads little (${run3.records.length}): the changes and the overlap's minute`);
});

t.test('a run cut mid-window and resumed loses nothing', async (t) => {
  const emu = await emulator(t, { orders: 50 });
  const config = configFor(emu, { pageSize: 5, windowHours: 240 });
  const first = await openStream(config);
  const run1 = await readAll(first.stream, first.ctx, { batchSize: 4, stopAfter: 3 });
  t.ok(run1.records.length > 0 && run1.records.length < 50, 'stopped part way');
  emu.store.mutate(5, 2);
  const second = await openStream(config);
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  t.same(compareVersions(latestVersions(run1.records, run2.records), expectedVersions(emu)), { missing: [], stale: [] });
});

t.test('duplicated and shifted pages lose nothing and deliver each order once', async (t) => {
  for (const faults of [{ duplicatePage: true }, { shiftPages: 2 }]) {
    const emu = await emulator(t, { orders: 45, faults });
    const { stream, ctx } = await openStream(configFor(emu, { pageSize: 5, windowHours: 720 }));
    const run = await readAll(stream, ctx);
    const ids = run.records.map((r) => String(r.order_id));
    t.equal(new Set(ids).size, 45, `${JSON.stringify(faults)}: all 45 orders`);
    t.equal(ids.length, 45, `${JSON.stringify(faults)}: none twice`);
    t.ok(emu.kit.requests.some((r) => /duplicate-page|shift-pages/.test(r.fault ?? '')), 'the fault was served');
  }
});

import t from 'tap';
import { AUTH_KINDS, PAGING_STYLES } from '../emulator/index.js';
import { nextLink } from '../src/index.js';
import { compareVersions, configFor, emulator, expectedOrders, latestVersions, openStream, readAll, failureOf } from './helpers/rest.js';

// One seed and one clock, so every emulator holds the same store whatever its auth and paging.
const SEED = 11;
// Near the real clock: the HMAC store checks signed timestamps against it.
const NOW = Math.floor(Date.now() / 1000) * 1000;

t.test('every auth type × every paging style reads the same records', async (t) => {
  const base = await emulator(t, { seed: SEED, now: NOW });
  const expected = JSON.stringify([...base.store.orders].sort((a, b) => (a.order_no < b.order_no ? -1 : 1)));
  for (const auth of AUTH_KINDS) {
    for (const style of PAGING_STYLES) {
      const emu = await emulator(t, { seed: SEED, now: NOW, auth, pagination: style });
      const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
      const read = await readAll(stream, ctx, { batchSize: 7 });
      const pages = emu.kit.requests.filter((r) => r.path === '/api/v2/orders').length;
      t.equal(read.records.length, emu.store.orders.length, `${auth} × ${style}: all ${emu.store.orders.length} orders in ${pages} pages`);
      t.ok(JSON.stringify(read.records) === expected, `${auth} × ${style}: the same records, field for field`);
      t.ok(pages >= 5, `${auth} × ${style}: it paged (${pages} requests)`);
      t.ok(emu.kit.requests.every((r) => r.status === 200), `${auth} × ${style}: the store accepted every request`);
      await emu.close();
    }
  }
});

t.test('members page in their own style beside orders', async (t) => {
  const emu = await emulator(t, { seed: SEED, now: NOW, pagination: { orders: 'offset', members: 'link' } });
  const { stream, ctx } = await openStream(configFor(emu, { size: 7 }), 'members');
  const read = await readAll(stream, ctx);
  t.same(read.records.map((m) => m.member_id).sort(), emu.store.members.map((m) => m.member_id).sort());
});

t.test('a page of exactly `size` records ends a page listing only when the next comes back empty', async (t) => {
  const emu = await emulator(t, { orders: 30, pagination: 'page' });
  const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 30);
  t.same(emu.kit.requests.map((r) => r.query.page), ['1', '2', '3', '4'], 'pages 1-3 full, page 4 empty');
});

t.test('a page size above the store\'s maximum is refused with the store\'s message', async (t) => {
  const emu = await emulator(t, { maxPageSize: 50 });
  const { stream, ctx } = await openStream(configFor(emu, { size: 80 }), 'orders');
  const error = await failureOf(readAll(stream, ctx));
  t.match(error.message, /rest stream "orders" answered 400 .*per_page must be an integer from 1 to 50/);
  t.equal(error.code, 'UPSTREAM_REJECTED');
});

t.test('Link headers (RFC 8288)', async (t) => {
  t.equal(nextLink('<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last"'), 'https://a.example/x?page=2');
  t.equal(nextLink('<https://a.example/x?page=9>; rel="last", <https://a.example/x?page=2>; rel=next'), 'https://a.example/x?page=2');
  t.equal(nextLink('</x?page=3>; title="more, please"; rel="prev next"'), '/x?page=3');
  t.equal(nextLink('<https://a.example/x?page=1>; rel="prev"'), undefined);
  t.equal(nextLink(undefined), undefined);
});

for (const style of ['page', 'offset', 'cursor', 'link', 'nextUrl'] as const) {
  t.test(`duplicate and shifted pages are de-duplicated (${style})`, async (t) => {
    for (const faults of [{ duplicatePage: true }, { shiftPages: 3 }]) {
      const emu = await emulator(t, { pagination: style, faults });
      const { stream, ctx } = await openStream(configFor(emu, { size: 10 }), 'orders');
      const read = await readAll(stream, ctx);
      const keys = read.records.map((r) => r.order_no);
      t.ok(emu.kit.requests.some((r) => /duplicate-page|shift-pages/.test(r.fault ?? '')), `${JSON.stringify(faults)}: the fault was served`);
      t.equal(new Set(keys).size, keys.length, `${JSON.stringify(faults)}: no order twice`);
      t.same(compareVersions(latestVersions('order_no', 'modified_at', read.records), expectedOrders(emu)), { missing: [], stale: [] }, `${JSON.stringify(faults)}: none missing`);
      await emu.close();
    }
  });
}

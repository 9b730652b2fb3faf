import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/jd.js';

t.test('enSearch: consignee ciphertext kept in encrypt_* fields; the buyer id is the identity', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu));
  const { records } = await readAll(stream, ctx);
  for (const r of records) {
    t.ok(typeof r.encrypt_consignee_mobile === 'string' && !/^\+?\d{11,13}$/.test(String(r.encrypt_consignee_mobile)), 'ciphertext, not a number');
    t.equal(r.consignee_mobile, null, 'no plain or masked mobile from enSearch');
    t.equal(r.customer_id, r.open_id_buyer, 'customer_id is open_id_buyer');
    t.notOk('phone' in r || 'name' in r || 'customer_phone' in r || 'customer_name' in r, 'no plain phone/name fields');
  }
  const person = emu.store.orders[0]!.buyer.person;
  t.notMatch(JSON.stringify(records), person.phone.replace('+86', ''), 'the real phone never appears');
});

t.test('search: masked consignee values kept as given, never identity', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu, { orderApi: 'search' }));
  const { records } = await readAll(stream, ctx);
  for (const r of records) {
    t.match(r.consignee_mobile, /^\d{3}\*{4}\d{4}$/, 'masked 138****1234');
    t.match(r.consignee_fullname, /\*\*$/, 'masked 张**');
    t.equal(r.encrypt_consignee_mobile, null);
    t.not(r.customer_id, r.consignee_mobile, 'a masked value is never the identity');
  }
});

t.test('the same person gets the same open_id_buyer in two emulators of one app, and given buyers own the first orders', async (t) => {
  const a = await emulator(t, { seed: 3, orders: 10 });
  const people = a.store.orders.slice(0, 2).map((o) => o.buyer.person);
  const b = await emulator(t, { seed: 3, orders: 10, buyers: people });
  t.same(b.store.orders.slice(0, 2).map((o) => o.buyer.openId), a.store.orders.slice(0, 2).map((o) => o.buyer.openId));
});

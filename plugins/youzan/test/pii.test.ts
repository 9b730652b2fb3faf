import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/youzan.js';

t.test('masked receivers stay masked and never become phone or identity', async (t) => {
  const emu = await emulator(t, { maskBuyerPhone: true });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  t.ok(records.every((r) => /\*/.test(String(r.receiver_tel)) && /\*/.test(String(r.receiver_name))), 'receiver name and phone arrive masked and are kept as given');
  t.ok(records.every((r) => r.phone === null), 'a masked buyer_phone gives no phone');
  t.ok(records.filter((r) => r.buyer_phone !== null).every((r) => /\*/.test(String(r.buyer_phone))), 'buyer_phone kept masked');
  t.ok(records.every((r) => typeof r.yz_open_id === 'string' && !/\*/.test(String(r.yz_open_id)) && r.customer_id === r.yz_open_id), 'the identity key is the yz_open_id');
});

t.test('a plain bound phone becomes phone; the yz_open_id is derived from the person', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  const withPhone = records.filter((r) => r.buyer_phone !== null);
  t.ok(withPhone.length > 0);
  t.ok(withPhone.every((r) => r.phone === r.buyer_phone && /^1\d{10}$/.test(String(r.phone))));
  const again = await emulator(t);
  t.same(again.store.customers.map((c) => c.yzOpenId), emu.store.customers.map((c) => c.yzOpenId), 'the same seed gives the same ids');
});

t.test('ciphertext is kept in encrypt_* fields and never decrypted', async (t) => {
  const emu = await emulator(t, { receiverPii: 'encrypted' });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  for (const r of records) {
    if (!/^\$.+\$$/.test(String(r.encrypt_receiver_tel)) || !/^\$.+\$$/.test(String(r.encrypt_receiver_name)) || !/^\$.+\$$/.test(String(r.encrypt_delivery_address))) {
      t.fail(`order ${String(r.tid)} lost its ciphertext`);
      return;
    }
    if (r.receiver_tel !== null || r.receiver_name !== null || r.delivery_address !== null) {
      t.fail(`order ${String(r.tid)} has a plain field from ciphertext`);
      return;
    }
  }
  t.pass('every order keeps its ciphertext and no plain value');
});

t.test('buyers handed in own the first orders, with ids that match across emulators', async (t) => {
  const people = (await emulator(t)).kit.seed.person('zh');
  const buyers = [people];
  const a = await emulator(t, { buyers, clientId: 'same-app' });
  const b = await emulator(t, { buyers, seed: 9, clientId: 'same-app' });
  t.equal(a.store.orders[0]!.customer.person.phone, people.phone);
  t.equal(a.store.orders[0]!.customer.yzOpenId, b.store.orders[0]!.customer.yzOpenId);
  const { stream, ctx } = await openStream(configFor(a), 'orders');
  const { records } = await readAll(stream, ctx);
  const first = records.find((r) => r.tid === a.store.orders[0]!.tid)!;
  t.equal(first.phone, people.phone.replace('+86', ''));
});

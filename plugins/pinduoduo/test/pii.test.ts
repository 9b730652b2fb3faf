import { SeedData } from '@datong/sdk/emulator';
import { SeededRandom } from '@datong/sdk';
import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/pdd.js';

t.test('a receiver phone is plain only while awaiting shipment, and only then buyer_phone_plain', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  const awaiting = records.filter((r) => r.order_status === 1);
  const sent = records.filter((r) => r.order_status !== 1);
  t.ok(awaiting.length > 0 && sent.length > 0, 'both kinds are served');
  for (const r of awaiting) {
    t.match(r, { receiver_phone: /^1\d{10}$/, receiver_phone_masked: false }, `${String(r.order_sn)}: plaintext while awaiting shipment`);
    t.equal(r.buyer_phone_plain, r.receiver_phone);
  }
  for (const r of sent) {
    t.match(r, { receiver_phone: /^1\d{6}\*{4}$/, receiver_phone_masked: true }, `${String(r.order_sn)}: masked once shipped`);
    t.equal(r.buyer_phone_plain, null, 'a masked number is never a plain phone (nor an identity key)');
  }
  t.notOk(records.some((r) => 'phone' in r || 'customer_phone' in r || 'customer_id' in r), 'no plain phone field besides buyer_phone_plain, and no invented buyer id');
});

t.test('buyers handed to the emulator own its first orders, under the same phone', async (t) => {
  const people = new SeedData(new SeededRandom(42));
  const buyers = [people.person('zh'), people.person('zh'), people.person('zh')];
  const emu = await emulator(t, { buyers });
  t.same(emu.store.orders.slice(0, 3).map((o) => o.buyer.phone), buyers.map((b) => b.phone));
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  const third = records.find((r) => r.order_sn === emu.store.orders[2]!.orderSn)!;
  t.equal(third.order_status, 1, 'the third scenario awaits shipment');
  t.equal(third.buyer_phone_plain, buyers[2]!.phone.replace(/^\+86/, ''), 'its plain phone is the person\'s');
  t.equal(third.receiver_name, buyers[2]!.name);
  const first = records.find((r) => r.order_sn === emu.store.orders[0]!.orderSn)!;
  t.equal(first.receiver_name, buyers[0]!.name);
});

t.test('amounts are exact decimal strings computed in whole fen', async (t) => {
  const { yuan } = await import('../src/index.js');
  t.equal(yuan(128.5, 'x'), '128.50');
  t.equal(yuan(0.1 + 0.2, 'x'), '0.30', 'a float sum is rounded once to fen');
  t.equal(yuan(19.99 * 3, 'x'), '59.97');
  t.equal(yuan('12.995', 'x'), '13.00', 'text rounds half up in integers');
  t.equal(yuan('7', 'x'), '7.00');
  t.equal(yuan(-3.2, 'x'), '-3.20');
  t.throws(() => yuan('12,50', 'pay_amount'), { code: 'BAD_VALUE' });
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  for (const r of records.slice(0, 20)) {
    const fen = (s: unknown) => Math.round(Number(s) * 100);
    t.equal(fen(r.total), fen(r.goods_amount) - fen(r.discount_amount) + fen(r.postage), `${String(r.order_sn)}: pay = goods - discount + postage`);
    t.match(r, { total: /^\d+\.\d{2}$/, currency: 'CNY', channel: 'pinduoduo', created_at: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/ });
  }
});

t.test('ciphertext receiver fields (the newer model) are kept as encrypt_* and never become plain fields or keys', async (t) => {
  const emu = await emulator(t, { encryptedReceiver: true });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  t.equal(new Set(records.map((r) => r.order_sn)).size, emu.store.orders.length);
  for (const r of records) {
    t.match(r, {
      encrypt_receiver_phone: /^\$.+\$$/, encrypt_receiver_name: /^~.+~$/, encrypt_receiver_address: /^#.+#$/, encrypt_address: /^#.+#$/,
      receiver_phone: null, receiver_name: null, receiver_address: null, address: null,
      buyer_phone_plain: null, receiver_phone_masked: true, receiver_phone_mask: /^1\d\d\*{4}\d{4}$/,
    }, `${String(r.order_sn)}: sealed, never decrypted, no plain phone`);
  }
  t.notOk(callsOfDecrypt(emu), 'no decrypt call was made');
});

function callsOfDecrypt(emu: Awaited<ReturnType<typeof emulator>>): boolean {
  return emu.kit.requests.some((r) => String((r.body as Record<string, unknown> | undefined)?.type ?? '').includes('decrypt'));
}

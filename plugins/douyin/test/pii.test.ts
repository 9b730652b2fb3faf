import { SeededRandom } from '@datong/sdk';
import { SeedData } from '@datong/sdk/emulator';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/douyin.js';

t.test('receiver PII stays ciphertext and masked text; the buyer id is the identity', async (t) => {
  const emu = await emulator(t, { orders: 20 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  t.equal(records.length, 20);
  const byId = new Map(emu.store.orders.map((o) => [o.order_id, o]));
  for (const r of records) {
    const o = byId.get(String(r.order_id))!;
    t.equal(r.encrypt_post_tel, o.encrypt_post_tel, 'phone ciphertext kept as given');
    t.match(r.encrypt_post_tel, /^\$[^$]+\$[^$]+\$1\$\$$/, '$-delimited');
    t.match((r.post_addr as { encrypt_detail: string }).encrypt_detail, /^#[^#]+#[^#]+#1##$/, 'address ciphertext #-delimited');
    t.equal(r.encrypt_post_receiver, o.encrypt_post_receiver);
    t.match(r.mask_post_tel, /^\d{3}\*{4}\d{4}$/, 'masked phone kept as given');
    t.notOk('phone' in r || 'name' in r || 'customer_phone' in r, 'no plain phone or name field');
    t.equal(r.post_tel_plain, null, 'nothing decrypted without decrypt: true');
    t.equal(r.customer_id, o.doudian_open_id, 'customer_id is the doudian_open_id');
    t.notMatch(String(r.customer_id), /\*|^\$|^#/, 'never a masked value or a ciphertext');
    t.notOk(JSON.stringify(r).includes(o.phone), 'the plain phone appears nowhere');
  }
  t.equal(emu.decrypts.calls, 0, 'order.batchDecrypt was never called');
});

t.test('decrypt: true fills the plain fields through order.batchDecrypt, in batches, within the quota', async (t) => {
  const emu = await emulator(t, { orders: 12 });
  const { stream, ctx } = await openStream(configFor(emu, { decrypt: true, decryptBatchSize: 7, pageSize: 5, windowHours: 2000 }), 'orders');
  const { records } = await readAll(stream, ctx);
  const byId = new Map(emu.store.orders.map((o) => [o.order_id, o]));
  for (const r of records) {
    const o = byId.get(String(r.order_id))!;
    t.equal(r.post_tel_plain, o.phone);
    t.equal(r.post_receiver_plain, o.buyer.name);
    t.equal(r.encrypt_post_tel, o.encrypt_post_tel, 'the ciphertext is kept beside it');
    t.equal(r.customer_id, o.doudian_open_id, 'the identity is still the open id');
  }
  const sizes = emu.kit.requests.filter((r) => r.query.method === 'order.batchDecrypt').map((r) => ((r.body as { cipher_infos: unknown[] }).cipher_infos).length);
  t.ok(sizes.length >= 2 && sizes.every((n) => n <= 7), `batches of at most 7 (${sizes.join(', ')})`);

  const quota = await emulator(t, { orders: 12 });
  const limited = await openStream(configFor(quota, { decrypt: true, decryptQuota: 10 }), 'orders');
  const read = await readAll(limited.stream, limited.ctx);
  t.equal(quota.decrypts.ciphertexts, 10, 'no more than the quota was sent');
  t.equal(read.records.filter((r) => r.post_tel_plain !== null || r.post_receiver_plain !== null).length, 5, 'the rest stay ciphertext');
  t.ok(limited.ctx.messages.some((m) => m.level === 'warn' && /decryptQuota/.test(m.message)), 'a warning says so');
});

t.test('the same person gets the same doudian_open_id from the same app, another from another app', async (t) => {
  const people = [new SeedData(new SeededRandom(5)).person('zh')];
  const a = await startEmulator({ orders: 3, buyers: people, appKey: 'app-a' });
  const b = await startEmulator({ orders: 3, buyers: people, appKey: 'app-a', seed: 9 });
  const c = await startEmulator({ orders: 3, buyers: people, appKey: 'app-b' });
  t.teardown(() => Promise.all([a.close(), b.close(), c.close()]));
  t.equal(a.store.orders[0]!.buyer, people[0], 'the first order belongs to the given person');
  t.equal(a.store.orders[0]!.doudian_open_id, b.store.orders[0]!.doudian_open_id);
  t.not(a.store.orders[0]!.doudian_open_id, c.store.orders[0]!.doudian_open_id);
});

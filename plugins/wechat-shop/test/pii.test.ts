import { createHash } from 'node:crypto';
import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/wechat.js';

t.test('masked receiver fields are kept as given and never become plain fields or identity', async (t) => {
  const emu = await emulator(t);
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  for (const r of read.records) {
    if (!/^.\*\*$/u.test(String(r.address_user_name))) t.fail(`name not masked: ${r.address_user_name}`);
    if (!/^\d{3}\*{4}\d{4}$/.test(String(r.address_tel_number))) t.fail(`phone not masked: ${r.address_tel_number}`);
    if (r.address_detail_info !== '****') t.fail('street not masked');
    if (r.receiver_name !== null || r.receiver_phone !== null || r.receiver_address !== null || r.pii_decoded !== false) t.fail('a plain field was filled');
    if (r.customer_id !== r.openid || !/^o[\w-]{27}$/.test(String(r.openid))) t.fail('the identity is not the openid');
    if (typeof r.hash_code !== 'string') t.fail('hash_code dropped');
  }
  t.ok(read.records.some((r) => typeof r.unionid === 'string'), 'some buyers have a unionid');
  t.ok(read.records.some((r) => r.unionid === null), 'some have none');
  const virtual = read.records.find((r) => r.use_tel_number === true);
  t.ok(virtual?.virtual_tel_number, 'a virtual number is kept');
  t.match(virtual?.real_tel_number, /^\d{3}\*{4}\d{4}$/, 'with the real one masked');
});

t.test('the same person gets the same openid in every run of the emulator', async (t) => {
  const person = { ...(await emulator(t)).kit.seed.person('zh') };
  const a = await emulator(t, { buyers: [person], seed: 3 });
  const b = await emulator(t, { buyers: [person], seed: 4, appId: a.credentials.appId });
  t.equal(a.store.orders[0]!.buyer.openid, b.store.orders[0]!.buyer.openid);
  t.equal(a.store.orders[0]!.buyer.person.phone, person.phone);
  t.equal(a.store.orders[0]!.buyer.openid, `o${createHash('sha256').update(`${a.credentials.appId}:${person.phone}`).digest('base64url').slice(0, 27)}`);
});

t.test('decrypt: true decodes through sensitiveinfo/decode within the daily quota, then keeps masked values', async (t) => {
  const emu = await emulator(t, { orders: 12 });
  const { stream, ctx } = await openStream(configFor(emu, { decrypt: true, decodeQuotaPerDay: 5 }), 'orders');
  const read = await readAll(stream, ctx);
  const decoded = read.records.filter((r) => r.pii_decoded === true);
  t.equal(decoded.length, 5, 'five decoded: the configured quota');
  t.equal(emu.kit.requests.filter((r) => r.path === '/channels/ec/order/sensitiveinfo/decode').length, 5, 'one call per order');
  for (const r of decoded) {
    const order = emu.store.order(String(r.order_id))!;
    t.equal(r.receiver_name, order.buyer.person.name);
    t.equal(r.receiver_phone, order.buyer.person.phone.replace(/^\+(86)?/, ''));
    t.match(r.address_user_name, /\*\*$/, 'the masked value is still kept beside it');
  }
  t.equal(read.records.length, 12, 'every order was still read');
  t.match(ctx.messages.map((m) => m.message).join('\n'), /decode quota of 5 a day is used up/);
  const again = await openStream(configFor(emu, { decrypt: true, decodeQuotaPerDay: 5 }), 'orders', ctx);
  await readAll(again.stream, ctx, { fullRefresh: true });
  t.equal(emu.kit.requests.filter((r) => r.path === '/channels/ec/order/sensitiveinfo/decode').length, 5, "the day's count is kept in the state: a second run decodes none");
});

t.test("decrypt: the platform's own decode quota stops decoding, not the run", async (t) => {
  const emu = await emulator(t, { orders: 8, decodeQuota: 2 });
  const { stream, ctx } = await openStream(configFor(emu, { decrypt: true, decodeQuotaPerDay: 100 }), 'orders');
  const read = await readAll(stream, ctx);
  t.equal(read.records.length, 8);
  t.equal(read.records.filter((r) => r.pii_decoded).length, 2);
  t.match(ctx.messages.map((m) => m.message).join('\n'), /WeChat refused a decode/);
});

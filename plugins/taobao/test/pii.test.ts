import { MemoryPluginState, SeededRandom } from '@datong/sdk';
import { SeedData } from '@datong/sdk/emulator';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { openUidOf } from '../emulator/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/taobao.js';

const people = (() => {
  const seed = new SeedData(new SeededRandom(42));
  return [seed.person('zh'), seed.person('zh'), seed.person('en')];
})();

t.test('receivers stay masked; the buyer open uid is the identity key', async (t) => {
  const emu = await emulator(t, { orders: 24, buyers: people });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  t.equal(records.length, 24);
  for (const r of records) {
    t.equal(r.customer_id, r.buyer_open_uid, `${r.tid}: customer_id is the open uid`);
    t.match(r.receiver_name, /^.\*\*$/, `${r.tid}: the name as TOP masks it`);
    if (r.receiver_mobile) t.match(r.receiver_mobile, /^\d{3}\*{4}\d{4}$/, `${r.tid}: the mobile as TOP masks it`);
    t.notOk('receiver_name_plain' in r || 'phone' in r || 'name' in r || 'customer_phone' in r || 'customer_name' in r, `${r.tid}: no plain name or phone field`);
    t.notSame(r.customer_id, r.receiver_mobile);
  }
  const byBuyer = new Map(emu.store.trades.slice(0, 3).map((trade, i) => [String(trade.tid), openUidOf(people[i]!, emu.credentials.appKey!)]));
  for (const [tid, uid] of byBuyer) t.equal(records.find((r) => r.tid === tid)?.buyer_open_uid, uid, 'the given people own the first trades, with their derived open uid');
});

t.test('the same person has the same open uid in another emulator with the same app, another with another app', async (t) => {
  const a = await emulator(t, { orders: 2, buyers: people, seed: 1 });
  const b = await emulator(t, { orders: 2, buyers: people, seed: 9 });
  const c = await emulator(t, { orders: 2, buyers: people, appKey: '87654321' });
  t.equal(a.store.trades[0]!.buyer.openUid, b.store.trades[0]!.buyer.openUid);
  t.not(a.store.trades[0]!.buyer.openUid, c.store.trades[0]!.buyer.openUid, 'open uids are app-scoped');
});

t.test('the full mask style is kept as given', async (t) => {
  const emu = await emulator(t, { orders: 6, maskStyle: 'full' });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const { records } = await readAll(stream, ctx);
  t.ok(records.every((r) => r.receiver_name === '***' && r.receiver_address === '***'));
});

t.test('decrypt: true fills the plain fields through oaid.decrypt, 20 at a time, and counts the quota', async (t) => {
  const emu = await emulator(t, { orders: 45, days: 1, buyers: people });
  const state = new MemoryPluginState();
  const ctx = testContext({ state });
  const { stream } = await openStream(configFor(emu, { decrypt: true, startDate: new Date(Date.now() - 86_400_000 - 600_000).toISOString() }), 'orders', ctx);
  const { records } = await readAll(stream, ctx);
  t.equal(records.length, 45);
  const first = records.find((r) => r.tid === String(emu.store.trades[0]!.tid))!;
  t.equal(first.receiver_name_plain, people[0]!.name, 'the plain name');
  t.equal(first.receiver_mobile_plain, people[0]!.phone.replace(/^\+86/, ''), 'the plain mobile');
  t.match(first.receiver_name, /\*\*$/, 'the masked one is kept beside it');
  const calls = emu.kit.requests.filter((r) => r.query.method === 'taobao.top.oaid.decrypt');
  t.ok(calls.length >= 3, `${calls.length} decrypt calls for 45 receivers`);
  t.ok(calls.every((c) => JSON.parse((c.body as { query_list: string }).query_list).length <= 20), 'never more than 20 per call');
  t.ok(calls.every((c) => JSON.parse((c.body as { query_list: string }).query_list)[0].scene === '2002'), 'in the customer-care scene');
  t.equal(await state.get(`taobao.decrypt.${new Date().toISOString().slice(0, 10)}`), 45, 'the quota used is counted');
});

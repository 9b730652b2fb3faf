import t from 'tap';
import { parseTopJson, parseTopTime, topTimeToIso, yuan } from '../src/index.js';
import { configFor, emulator, openStream, readAll } from './helpers/taobao.js';

t.test('yuan amounts become exact two-place decimals, without floats', async (t) => {
  t.equal(yuan('128.5'), '128.50');
  t.equal(yuan('0'), '0.00');
  t.equal(yuan('0.1'), '0.10');
  t.equal(yuan('12345678901234567.89'), '12345678901234567.89', 'beyond float precision');
  t.equal(yuan('-3.20'), '-3.20');
  t.equal(yuan('1.234'), undefined, 'more than fen is not an amount');
  t.equal(yuan('abc'), undefined);
});

t.test('TOP times are GMT+8 text; records carry them with their offset', async (t) => {
  t.equal(topTimeToIso('2026-12-03 08:00:00'), '2026-12-03T08:00:00+08:00');
  t.equal(parseTopTime('2026-12-03 08:00:00'), Date.UTC(2026, 11, 3, 0, 0, 0));
  t.equal(topTimeToIso('2026-12-03T08:00:00'), undefined);
});

t.test('long ids are kept exact', async (t) => {
  const body = parseTopJson('{"trade":{"tid":3654112345678901234,"payment":"1.00","orders":{"order":[{"oid":3654112345678901235}]}}}') as { trade: { tid: string; orders: { order: { oid: string }[] } } };
  t.equal(body.trade.tid, '3654112345678901234');
  t.equal(body.trade.orders.order[0]!.oid, '3654112345678901235');
});

t.test('an order record: channel from the config, total = payment, sub-orders nested', async (t) => {
  const emu = await emulator(t, { orders: 8 });
  const { stream, ctx } = await openStream(configFor(emu, { channel: 'taobao' }), 'orders');
  const { records } = await readAll(stream, ctx);
  for (const r of records) {
    const trade = emu.store.find(Number(r.tid))!;
    const fen = trade.lines.reduce((s, l) => s + l.priceFen * l.num, 0) + trade.postFen - trade.discountFen;
    t.equal(r.channel, 'taobao');
    t.equal(r.total, `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`, `${r.tid}: total in yuan`);
    t.equal(r.currency, 'CNY');
    t.match(r.created_at, /\+08:00$/);
    t.equal((r.orders as unknown[]).length, trade.lines.length);
  }
});

t.test('a trade with an undocumented status is a dead letter naming it; the run goes on', async (t) => {
  const emu = await emulator(t, { orders: 6 });
  const odd = emu.store.trades[2]!;
  odd.status = 'TRADE_TELEPORTED';
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const run = await readAll(stream, ctx);
  t.equal(run.records.length, 5, 'the other trades are read');
  t.equal(run.invalid.length, 1);
  t.match(run.invalid[0], { code: 'UNMAPPED_VALUE', invalid: new RegExp(`^${odd.tid}@.*status "TRADE_TELEPORTED"`) });
});

import t from 'tap';
import { normalizeMoney } from '../src/index.js';

t.test('decimal text keeps exact digits and two minor digits', async (t) => {
  t.same(normalizeMoney('128.5', { currency: 'CNY' }), { amount: '128.50', currency: 'CNY' });
  t.same(normalizeMoney('¥1,280.50'), { amount: '1280.50', currency: 'CNY' });
  t.same(normalizeMoney('0128.50'), { amount: '128.50', currency: 'CNY' });
  t.same(normalizeMoney('12345678901234567.89', { currency: 'USD' }), { amount: '12345678901234567.89', currency: 'USD' }, 'beyond float precision');
  t.same(normalizeMoney(19.9, { currency: 'usd' }), { amount: '19.90', currency: 'USD' });
});

t.test('integer fen/cents are divided exactly', async (t) => {
  t.same(normalizeMoney(12850, { currency: 'CNY', unit: 'minor' }), { amount: '128.50', currency: 'CNY' });
  t.same(normalizeMoney('5', { currency: 'CNY', unit: 'minor' }), { amount: '0.05', currency: 'CNY' });
  t.same(normalizeMoney('-199', { currency: 'USD', unit: 'minor' }), { amount: '-1.99', currency: 'USD' });
  t.same(normalizeMoney('1999', { currency: 'JPY', unit: 'minor' }), { amount: '1999', currency: 'JPY' }, 'yen has no minor unit');
  t.same(normalizeMoney('9007199254740993', { currency: 'CNY', unit: 'minor' }), { amount: '90071992547409.93', currency: 'CNY' }, 'no float rounding');
  t.equal(normalizeMoney('12.5', { unit: 'minor' }), undefined, 'fen are whole numbers');
});

t.test('anything else is not an amount', async (t) => {
  for (const bad of ['abc', '', '1.2.3', null, {}]) t.equal(normalizeMoney(bad), undefined, JSON.stringify(bad));
});

import t from 'tap';
import { normalizePhone } from '../src/index.js';

t.test('masked numbers are recognised and never get an E.164 identity', async (t) => {
  for (const text of ['138****1234', '138xxxx1234', '+86 138 **** 1234', '177****8318']) {
    const p = normalizePhone(text);
    t.equal(p.masked, true, `${text} is masked`);
    t.equal(p.e164, undefined, `${text} has no e164`);
    t.equal(p.raw, text);
  }
});

t.test('Chinese mobiles in every common spelling give the same E.164', async (t) => {
  for (const text of ['13812345678', '+86 138-1234-5678', '0086 13812345678', ' 138 1234 5678 ']) {
    t.same(normalizePhone(text), { e164: '+8613812345678', masked: false, raw: text }, text);
  }
});

t.test('another region is honoured for national numbers', async (t) => {
  t.equal(normalizePhone('(415) 555-0100', 'US').e164, '+14155550100');
  t.equal(normalizePhone('+1 415 555 0100').e164, '+14155550100', 'an international number ignores the default region');
});

t.test('invalid numbers give no E.164 and are not masked', async (t) => {
  for (const text of ['12345', 'call me', '']) {
    const p = normalizePhone(text);
    t.equal(p.e164, undefined, text);
    t.equal(p.masked, false, text);
  }
});

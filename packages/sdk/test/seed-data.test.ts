import t from 'tap';
import { SeededRandom } from '../src/index.js';
import { EmulatorKit, SeedData } from '../src/emulator/index.js';

const seedData = (seed: number) => new SeedData(new SeededRandom(seed));

const E164_CN = /^\+861[3-9]\d{9}$/;
const E164_NANP = /^\+1[2-9]\d{2}[2-9]\d{6}$/;
const E164_UK_MOBILE = /^\+447\d{9}$/;
const EMAIL = /^[a-z0-9._]+@[a-z0-9-]+\.[a-z]{2,}$/;
const HAN = /^\p{Script=Han}{2,4}$/u;

t.test('the same seed gives the same people and values; another seed other ones', async (t) => {
  const draw = (seed: number) => {
    const s = seedData(seed);
    return [s.person(), s.person('zh'), s.person('en'), s.productTitle(), s.money(10, 500), s.moment(0, 1e12), s.id('gid://shopify/Order/')];
  };
  t.same(draw(42), draw(42));
  t.notSame(draw(42), draw(43));
  const a = new EmulatorKit({ name: 'a', seed: 5, rateLimitResponse: () => ({}) });
  const b = new EmulatorKit({ name: 'b', seed: 5, rateLimitResponse: () => ({}) });
  b.random.next();
  t.same(a.seed.person(), b.seed.person(), "the kit's seed data does not move when the emulator draws from kit.random");
});

t.test('Chinese people look like mainland buyers', async (t) => {
  const s = seedData(1);
  const people = Array.from({ length: 200 }, () => s.person('zh'));
  for (const p of people) {
    if (!HAN.test(p.name) || !E164_CN.test(p.phone) || !EMAIL.test(p.email) || !/^\d{6}$/.test(p.address.zip)) {
      t.fail(`unrealistic: ${JSON.stringify(p)}`);
    }
  }
  const p = people[0]!;
  t.equal(p.name, `${p.lastName}${p.firstName}`, 'surname first, no space');
  t.match(p, { locale: 'zh', timeZone: 'Asia/Shanghai', currency: 'CNY', address: { country: '中国', countryCode: 'CN' } });
  t.ok(people.every((x) => /[省市]$/.test(x.address.province) && /市$/.test(x.address.city) && /区$/.test(x.address.district ?? '')));
  t.ok(people.every((x) => /号/.test(x.address.street)));
  const domains = new Set(people.map((x) => x.email.split('@')[1]));
  t.same([...domains].sort(), ['126.com', '163.com', 'gmail.com', 'qq.com']);
  t.ok(people.some((x) => /^\d{5,10}@qq\.com$/.test(x.email)), 'QQ-number addresses');
  t.ok(people.some((x) => /^(wang|li|zhang|liu|chen)/.test(x.email)), 'pinyin local parts');
  t.ok(new Set(people.map((x) => x.lastName)).size >= 15, 'many surnames');
  t.ok(people.filter((x) => ['王', '李', '张'].includes(x.lastName)).length > 30, 'the common surnames are common');
});

t.test('English-speaking people are US, UK or Canadian, with matching phones, zones and currencies', async (t) => {
  const s = seedData(2);
  const people = Array.from({ length: 200 }, () => s.person('en'));
  const zones: Record<string, string[]> = {
    US: ['America/New_York', 'America/Los_Angeles'], GB: ['Europe/London'], CA: ['America/Toronto'],
  };
  const currency: Record<string, string> = { US: 'USD', GB: 'GBP', CA: 'CAD' };
  const zip: Record<string, RegExp> = { US: /^\d{5}$/, GB: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, CA: /^[A-Z]\d[A-Z] \d[A-Z]\d$/ };
  for (const p of people) {
    const cc = p.address.countryCode;
    const phoneOk = cc === 'GB' ? E164_UK_MOBILE.test(p.phone) : E164_NANP.test(p.phone);
    const ok = phoneOk && EMAIL.test(p.email) && zones[cc]?.includes(p.timeZone) && currency[cc] === p.currency && zip[cc]?.test(p.address.zip)
      && p.name === `${p.firstName} ${p.lastName}` && /^\d+ \S/.test(p.address.street);
    if (!ok) t.fail(`unrealistic: ${JSON.stringify(p)}`);
  }
  t.same(new Set(people.map((p) => p.address.countryCode)), new Set(['US', 'GB', 'CA']));
  t.same(new Set(people.map((p) => p.timeZone)), new Set(['America/New_York', 'America/Los_Angeles', 'Europe/London', 'America/Toronto']));
});

t.test('emails and phones never repeat within one SeedData; ids are unique and increasing per prefix', async (t) => {
  const s = seedData(3);
  const people = Array.from({ length: 2000 }, () => s.person());
  t.equal(new Set(people.map((p) => p.email)).size, people.length);
  t.equal(new Set(people.map((p) => p.phone)).size, people.length);
  t.ok(people.some((p) => p.locale === 'zh') && people.some((p) => p.locale === 'en'), 'unspecified locale picks both');

  const ids = Array.from({ length: 500 }, () => s.id('ord_'));
  t.equal(new Set(ids).size, ids.length);
  const numbers = ids.map((id) => Number(id.slice(4)));
  t.ok(numbers.every((n, i) => i === 0 || n > numbers[i - 1]!), 'increasing, like platform ids');
  t.match(s.id(), /^\d{13}$/);
});

t.test('product titles, prices and moments', async (t) => {
  const s = seedData(4);
  t.match(s.productTitle('zh'), /^\p{Script=Han}+.* \S+$/u);
  t.match(s.productTitle('en'), /^[A-Z][a-z]+ [A-Z][\w-]*( [A-Z]\w*)*( - [A-Z][a-z]+( [A-Z][a-z]+)?)?$/);
  for (let i = 0; i < 300; i++) {
    const price = s.money(9.9, 199);
    if (!/^\d+\.\d{2}$/.test(price) || Number(price) < 9.9 || Number(price) > 199) t.fail(`bad price ${price}`);
  }
  t.equal(s.money(129.9, 129.9), '129.90');
  const from = Date.parse('2025-01-01T00:00:00Z');
  const to = Date.parse('2025-03-01T00:00:00Z');
  for (let i = 0; i < 300; i++) {
    const m = s.moment(from, to);
    if (m % 1000 !== 0 || m < from || m > to) t.fail(`bad moment ${m}`);
  }
  t.throws(() => s.moment(1500, 1700), /no whole second/);
  t.throws(() => s.money(5, 1), /no price/);
});

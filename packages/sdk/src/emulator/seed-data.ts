import type { SeededRandom } from '../seeded-random.js';
import {
  EN_EMAIL_DOMAINS, EN_FIRST_NAMES, EN_LAST_NAMES, EN_PLACES, EN_PRODUCT_WORDS, EN_STREETS, type EnPlace,
} from './seed-tables-en.js';
import {
  ZH_DISTRICTS, ZH_EMAIL_DOMAINS, ZH_GIVEN_NAMES, ZH_MOBILE_PREFIXES, ZH_PRODUCT_WORDS, ZH_ROADS, ZH_SURNAMES,
} from './seed-tables-zh.js';

/** A seeded customer as a shop would hold it. */
export interface SeedPerson {
  locale: 'zh' | 'en';
  firstName: string;
  lastName: string;
  /** 张伟 (surname first, no space) or Emma Johnson. */
  name: string;
  email: string;
  /** E.164: +8613812345678, +12125550123, +447912345678. */
  phone: string;
  address: { country: string; countryCode: string; province: string; city: string; district?: string; street: string; zip: string };
  timeZone: string;
  currency: string;
}

const UK_INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const CA_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';

/**
 * Realistic, deterministic data for emulators: Chinese and English-speaking customers with
 * phones, emails and addresses that pass real validators, product titles, prices, moments and
 * ids. The same SeededRandom seed gives the same data; emails and phones never repeat within
 * one SeedData, so identity tests only see duplicates an emulator makes on purpose.
 *
 * @example
 *   const seed = new SeedData(new SeededRandom(7));
 *   const buyer = seed.person('zh'); // { name: '王芳', phone: '+8613912345678', ... }
 */
export class SeedData {
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly sequences = new Map<string, number>();

  constructor(private readonly random: SeededRandom) {}

  /** A person, Chinese or English-speaking per `locale`, else either (half each). */
  person(locale?: 'zh' | 'en'): SeedPerson {
    const which = locale ?? (this.random.next() < 0.5 ? 'zh' : 'en');
    return which === 'zh' ? this.zhPerson() : this.enPerson();
  }

  /** A moment between from and to (ms epoch, both included), in whole seconds. */
  moment(fromMs: number, toMs: number): number {
    const lo = Math.ceil(fromMs / 1000);
    const hi = Math.floor(toMs / 1000);
    if (lo > hi) throw new Error(`no whole second between ${fromMs} and ${toMs}`);
    return this.random.int(lo, hi) * 1000;
  }

  productTitle(locale?: 'zh' | 'en'): string {
    const r = this.random;
    if ((locale ?? (r.next() < 0.5 ? 'zh' : 'en')) === 'zh') {
      const w = ZH_PRODUCT_WORDS;
      return `${r.pick(w.style)}${r.pick(w.item)} ${r.pick(w.spec)}`;
    }
    const w = EN_PRODUCT_WORDS;
    const title = `${r.pick(w.style)} ${r.pick(w.item)}`;
    return r.next() < 0.5 ? `${title} - ${r.pick(w.colour)}` : title;
  }

  /** A price between min and max (major units) with two decimals, often on a price point: "129.90". */
  money(min: number, max: number): string {
    const lo = Math.ceil(Math.round(min * 1000) / 10);
    const hi = Math.floor(Math.round(max * 1000) / 10);
    if (lo > hi) throw new Error(`no price between ${min} and ${max}`);
    let cents = this.random.int(lo, hi);
    if (this.random.next() < 0.6) {
      const point = Math.floor(cents / 100) * 100 + this.random.pick([0, 50, 80, 90, 99]);
      if (point >= lo && point <= hi) cents = point;
    }
    return (cents / 100).toFixed(2);
  }

  /** Increasing, unique ids per prefix, platform-like (13 digits): id('gid://shopify/Order/'). */
  id(prefix = ''): string {
    const last = this.sequences.get(prefix);
    const next = last === undefined ? this.random.int(1_000_000_000_000, 8_999_999_999_999) : last + this.random.int(1, 997);
    this.sequences.set(prefix, next);
    return `${prefix}${next}`;
  }

  private digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(this.random.int(0, 9));
    return out;
  }

  /** Draws until the value is new; after a few collisions a counter makes it new. */
  private unique(used: Set<string>, draw: (attempt: number) => string): string {
    for (let attempt = 0; ; attempt++) {
      const value = draw(attempt);
      if (!used.has(value)) {
        used.add(value);
        return value;
      }
    }
  }

  private zhPerson(): SeedPerson {
    const r = this.random;
    const [lastName, surnamePinyin] = r.weighted(ZH_SURNAMES.map(([s, p, w]) => [[s, p] as const, w] as const));
    const [firstName, givenPinyin] = r.pick(ZH_GIVEN_NAMES);
    const phone = this.unique(this.phones, () => `+86${r.pick(ZH_MOBILE_PREFIXES)}${this.digits(8)}`);
    const email = this.unique(this.emails, (attempt) => {
      const domain = r.weighted(ZH_EMAIL_DOMAINS.map((d, i) => [d, [40, 25, 15, 20][i] ?? 10] as const));
      const suffix = attempt > 3 ? String(attempt) : '';
      if (domain === 'qq.com' && r.next() < 0.5) return `${r.int(10_000, 3_999_999_999)}${suffix}@qq.com`;
      const year = String(r.int(1970, 2005));
      const local = r.pick([
        `${surnamePinyin}${givenPinyin}${this.digits(r.int(0, 3))}`,
        `${givenPinyin}.${surnamePinyin}`,
        `${givenPinyin}_${surnamePinyin}${year}`,
        `${surnamePinyin}${givenPinyin}${year.slice(2)}`,
      ]);
      return `${local}${suffix}@${domain}`;
    });
    const place = r.pick(ZH_DISTRICTS);
    const building = r.next() < 0.6 ? `${r.int(1, 30)}栋${r.int(1, 33)}${String(r.int(1, 8)).padStart(2, '0')}室` : '';
    return {
      locale: 'zh', firstName, lastName, name: `${lastName}${firstName}`, email, phone,
      address: {
        country: '中国', countryCode: 'CN', province: place.province, city: place.city, district: place.district,
        street: `${r.pick(ZH_ROADS)}${r.int(1, 999)}号${building}`, zip: place.zip,
      },
      timeZone: 'Asia/Shanghai', currency: 'CNY',
    };
  }

  private enPerson(): SeedPerson {
    const r = this.random;
    const firstName = r.pick(EN_FIRST_NAMES);
    const lastName = r.pick(EN_LAST_NAMES);
    const place = r.pick(EN_PLACES);
    const first = firstName.toLowerCase();
    const last = lastName.toLowerCase().replace(/[^a-z]/g, '');
    const email = this.unique(this.emails, (attempt) => {
      const suffix = attempt > 3 ? String(attempt) : '';
      const local = r.pick([`${first}.${last}`, `${first}${last}${r.int(1, 99)}`, `${first.charAt(0)}${last}`, `${first}_${last}${r.int(70, 99)}`]);
      return `${local}${suffix}@${r.pick(EN_EMAIL_DOMAINS)}`;
    });
    const phone = this.unique(this.phones, () => this.enPhone(place));
    const unit = place.countryCode === 'US' && r.next() < 0.25 ? `, Apt ${r.int(1, 30)}${r.pick(['A', 'B', 'C', 'D'])}` : '';
    return {
      locale: 'en', firstName, lastName, name: `${firstName} ${lastName}`, email, phone,
      address: {
        country: place.country, countryCode: place.countryCode, province: place.province, city: place.city,
        street: `${r.int(1, 999)} ${r.pick(EN_STREETS)}${unit}`, zip: this.postcode(place),
      },
      timeZone: place.timeZone, currency: place.currency,
    };
  }

  private enPhone(place: EnPlace): string {
    const r = this.random;
    // UK mobiles are 07xxx xxxxxx; NANP exchanges never start with 0 or 1.
    if (place.countryCode === 'GB') return `+447${r.pick(['4', '5', '7', '8', '9'])}${this.digits(8)}`;
    return `+1${r.pick(place.areaCodes)}${r.int(2, 9)}${this.digits(2)}${this.digits(4)}`;
  }

  private postcode(place: EnPlace): string {
    const r = this.random;
    const prefix = r.pick(place.postPrefixes);
    const letter = (alphabet: string) => alphabet.charAt(r.int(0, alphabet.length - 1));
    if (place.countryCode === 'US') return `${prefix}${this.digits(2)}`;
    if (place.countryCode === 'GB') return `${prefix} ${r.int(0, 9)}${letter(UK_INWARD_LETTERS)}${letter(UK_INWARD_LETTERS)}`;
    return `${prefix} ${r.int(1, 9)}${letter(CA_LETTERS)}${r.int(0, 9)}`;
  }
}

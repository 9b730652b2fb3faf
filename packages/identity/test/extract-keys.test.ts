import t from 'tap';
import { ConfigError } from '@datong/sdk';
import { checkIdentityRules, extractKeys, normalizeEmail, normalizePhone } from '../src/index.js';

t.test('phones are normalized to E.164, China by default', async (t) => {
  t.equal(normalizePhone('13812341234'), '+8613812341234');
  t.equal(normalizePhone('138 1234 1234'), '+8613812341234');
  t.equal(normalizePhone('+86 138-1234-1234'), '+8613812341234');
  t.equal(normalizePhone('008613812341234'), '+8613812341234');
  t.equal(normalizePhone('8613812341234'), '+8613812341234');
  t.equal(normalizePhone('010 1234 5678'), '+861012345678');
  t.equal(normalizePhone('+1 (415) 555-0100'), '+14155550100');
  t.equal(normalizePhone(13812341234), '+8613812341234');
});

t.test('a masked or unusable phone yields no number', async (t) => {
  for (const masked of ['138****1234', '138 **** 1234', '138xxxx1234', '138XXXX1234', '+86 138****1234', '****', '']) {
    t.equal(normalizePhone(masked), undefined, masked);
  }
  t.equal(normalizePhone('call me'), undefined);
  t.equal(normalizePhone('123'), undefined);
  t.equal(normalizePhone(null), undefined);
});

t.test('emails are trimmed and lowercased; masked ones yield nothing', async (t) => {
  t.equal(normalizeEmail('  Li.Wei@Example.COM '), 'li.wei@example.com');
  t.equal(normalizeEmail('l***@example.com'), undefined);
  t.equal(normalizeEmail('not an email'), undefined);
});

t.test('keys come out by priority, with the hashed phone and the source record last', async (t) => {
  const rules = checkIdentityRules({
    keys: [
      { kind: 'phone_hash', from: 'phone', priority: 3 },
      { kind: 'email', from: 'contact.email', priority: 2 },
      { kind: 'channel_customer_id', from: 'id', priority: 1 },
    ],
  });
  const keys = extractKeys(rules, { channel: 'shop', sourceKey: '7', record: { id: 7, contact: { email: 'A@x.com' }, phone: '13812341234' } }, 'salt');
  t.same(keys.map((k) => k.kind), ['channel_customer_id', 'email', 'phone_hash', 'source_record']);
  t.equal(keys[0]!.value, 'shop:7');
  t.match(keys[2]!.value, /^[0-9a-f]{64}$/);
  t.notMatch(JSON.stringify(keys), /13812341234/, 'the phone number itself is never a key');
  const other = extractKeys(rules, { channel: 'shop', sourceKey: '7', record: { phone: '13812341234' } }, 'other-salt');
  t.not(other[0]!.value, keys[2]!.value, 'the hash depends on the pipeline salt');
  const masked = extractKeys(rules, { channel: 'tb', sourceKey: '8', record: { phone: '138****1234' } }, 'salt');
  t.same(masked.map((k) => k.kind), ['source_record'], 'a masked phone yields no key');
});

t.test('a key on a name is refused with a clear error', async (t) => {
  for (const key of [{ kind: 'name', from: 'name' }, { kind: 'custom', from: 'buyer.full_name' }, { kind: 'nick', from: 'x' }, { kind: 'x', from: 'firstName' }]) {
    const err = t.throws(() => checkIdentityRules({ keys: [{ ...key, priority: 1 }] })) as unknown;
    t.type(err, ConfigError);
    t.match((err as Error).message, /name .*refused/);
  }
  t.throws(() => checkIdentityRules({ keys: [{ kind: 'email', from: 'email' }] }), ConfigError, 'priority is required');
  t.throws(() => checkIdentityRules({ keys: [{ kind: 'email', from: 'email', priority: 1 }], survivorship: { email: 'newest' } }), ConfigError);
});

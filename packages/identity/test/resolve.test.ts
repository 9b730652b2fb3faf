import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { forEachDialect } from '@datong/store/testing';
import { IdentityResolver, type IdentityRules } from '../src/index.js';

const RULES: IdentityRules = {
  keys: [
    { kind: 'channel_customer_id', from: 'customer_id', priority: 1 },
    { kind: 'taobao_open_uid', from: 'buyer_open_uid', priority: 2 },
    { kind: 'wechat_unionid', from: 'unionid', priority: 3 },
    { kind: 'email', from: 'email', priority: 4 },
    { kind: 'phone_hash', from: 'phone', priority: 5 },
  ],
  survivorship: {
    name: { sourcePriority: ['shopify', 'taobao'] },
    email: 'most_recent',
    phone: 'most_recent',
    first_channel: 'first_non_empty',
  },
};

function resolver(db: Kysely<any>, rules: IdentityRules = RULES, pipeline = 'crm') {
  let tick = Date.parse('2026-01-01T00:00:00Z');
  return new IdentityResolver({ db, pipeline, rules, phoneSalt: 'pipeline-salt', clock: () => new Date((tick += 1000)) });
}

/** Rows of a table for one pipeline (the tests of a dialect share one store, one pipeline each). */
async function count(db: Kysely<any>, pipeline: string, table: string, where = 'true'): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from ${sql.raw(table)} where pipeline = ${pipeline} and ${sql.raw(where)}`.execute(db);
  return Number(r.rows[0]!.n);
}
const liveIdentities = (db: Kysely<any>, p: string) => count(db, p, 'datong.identities', 'merged_into is null');
const mergeEvents = (db: Kysely<any>, p: string) => count(db, p, 'datong.events', `kind = 'identity.merged'`);

forEachDialect(t, async (t, dialect) => {
  const store = await dialect.open(t);
  let n = 0;
  t.test('the same person with different emails but the same phone is one identity', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const out = await r.resolveBatch([
      { channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'li@home.cn', phone: '138 1234 1234', name: 'Li Wei' } },
      { channel: 'taobao', sourceKey: 'u9', record: { buyer_open_uid: 'u9', email: 'li.wei@work.cn', phone: '+86 13812341234' } },
    ]);
    t.equal(out.identityIds[0], out.identityIds[1]);
    t.equal(await liveIdentities(store.db, p), 1);
    t.same(out.merges, [], 'the second record joined the first identity, nothing was merged');
    t.equal(await r.lookup('phone_hash', '13812341234'), out.identityIds[0]);
    const keys = await sql<{ value: string }>`select value from datong.identity_keys where pipeline = ${p}`.execute(store.db);
    t.notMatch(JSON.stringify(keys.rows), /1234\s*1234|13812341234/, 'no phone number is stored as a key');
    t.notMatch(JSON.stringify(keys.rows), /pipeline-salt/, 'nor the salt');
  });

  t.test('masked phones never merge two people', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const out = await r.resolveBatch([
      { channel: 'taobao', sourceKey: 'a', record: { buyer_open_uid: 'a', phone: '138****1234', name: 'Wang Fang' } },
      { channel: 'taobao', sourceKey: 'b', record: { buyer_open_uid: 'b', phone: '138****1234', name: 'Wang Fang' } },
      { channel: 'shopify', sourceKey: 'c', record: { customer_id: 'c', phone: '138xxxx1234' } },
    ]);
    t.equal(new Set(out.identityIds).size, 3, 'three identities, although the masked phones (and names) are equal');
    t.equal(await count(store.db, p, 'datong.identity_keys', `kind = 'phone_hash'`), 0);
  });

  t.test('a person who changes email stays one identity, with the new email golden', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const first = await r.resolveBatch([{ channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'old@x.cn' }, at: '2026-01-01T00:00:00Z' }]);
    const second = await r.resolveBatch([{ channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'New@X.cn' }, at: '2026-02-01T00:00:00Z' }]);
    t.equal(second.identityIds[0], first.identityIds[0]);
    t.equal((await r.golden(first.identityIds[0]!))?.email, 'New@X.cn');
    t.equal(await r.lookup('email', 'old@x.cn'), first.identityIds[0], 'the old email still finds the person');
    t.equal(await r.lookup('email', ' new@x.cn'), first.identityIds[0]);
    // A later order under the old email lands on the same person, not a new one.
    const third = await r.resolveBatch([{ channel: 'taobao', sourceKey: 'o5', record: { email: 'OLD@x.cn' } }]);
    t.equal(third.identityIds[0], first.identityIds[0]);
    t.equal(await liveIdentities(store.db, p), 1);
  });

  t.test('customer ids from two channels with the same email merge; the older identity survives', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const a = await r.resolveBatch([{ channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'z@x.cn' }, at: '2026-01-01T00:00:00Z' }]);
    const b = await r.resolveBatch([{ channel: 'taobao', sourceKey: '1', record: { customer_id: '1', email: ' Z@X.cn ' }, at: '2026-01-02T00:00:00Z' }]);
    t.equal(b.identityIds[0], a.identityIds[0], 'the same email ties the two customer ids');
    t.equal(await r.lookup('channel_customer_id', '1', 'taobao'), a.identityIds[0]);
    t.equal(await r.lookup('channel_customer_id', '1', 'shopify'), a.identityIds[0]);
    // Two identities that already exist are merged when a record ties them.
    const c = await r.resolveBatch([{ channel: 'wechat', sourceKey: 'w1', record: { unionid: 'U1', phone: '13900001111' } }]);
    const d = await r.resolveBatch([{ channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'z@x.cn', phone: '139 0000 1111' } }]);
    t.equal(d.merges.length, 1);
    t.equal(d.merges[0]!.survivor, a.identityIds[0]);
    t.equal(d.merges[0]!.absorbed, c.identityIds[0]);
    t.equal(await r.lookup('wechat_unionid', 'U1'), a.identityIds[0], 'keys are repointed to the survivor');
    t.equal(await liveIdentities(store.db, p), 1);
    const absorbed = await sql<{ merged_into: string }>`select merged_into from datong.identities where pipeline = ${p} and identity_id = ${c.identityIds[0]!}`.execute(store.db);
    t.equal(absorbed.rows[0]!.merged_into, a.identityIds[0], 'the absorbed identity records where it went');
  });

  t.test('a name alone never merges', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const out = await r.resolveBatch([
      { channel: 'shopify', sourceKey: '1', record: { customer_id: '1', name: 'Zhang San' } },
      { channel: 'taobao', sourceKey: '2', record: { buyer_open_uid: '2', name: 'Zhang San' } },
      { channel: 'wechat', sourceKey: '3', record: { name: 'Zhang San' } },
    ]);
    t.equal(new Set(out.identityIds).size, 3);
    t.throws(() => resolver(store.db, { keys: [{ kind: 'name', from: 'name', priority: 1 }] }, p), /refused/);
  });

  t.test('survivorship: source priority, most recent, first non-empty', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const out = await r.resolveBatch([
      { channel: 'taobao', sourceKey: 't', record: { email: 'a@x.cn', name: 'tb-name', phone: '13800000001', first_channel: 'taobao' }, at: '2026-01-01T00:00:00Z' },
      { channel: 'shopify', sourceKey: 's', record: { email: 'a@x.cn', name: 'Shop Name', phone: '', first_channel: 'shopify' }, at: '2026-01-02T00:00:00Z' },
      { channel: 'wechat', sourceKey: 'w', record: { email: 'a@x.cn', name: 'wx-name', phone: '13800000002' }, at: '2026-01-03T00:00:00Z' },
    ]);
    t.equal(new Set(out.identityIds).size, 1);
    t.same(await r.golden(out.identityIds[0]!), {
      name: 'Shop Name', // shopify outranks taobao and wechat, although it is not the newest
      email: 'a@x.cn',
      phone: '13800000002', // the newest non-empty
      first_channel: 'taobao', // the first ever
    });
    // A newer shopify record with an empty name does not blank the golden name.
    await r.resolveBatch([{ channel: 'shopify', sourceKey: 's', record: { email: 'a@x.cn', name: '' }, at: '2026-01-04T00:00:00Z' }]);
    t.equal((await r.golden(out.identityIds[0]!))?.name, 'tb-name', 'with shopify empty, taobao is next in priority');
  });

  t.test('rerunning the same batch creates nothing and reports no merge', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const batch = [
      { channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'a@x.cn' }, at: '2026-01-01T00:00:00Z' },
      { channel: 'wechat', sourceKey: 'w', record: { unionid: 'U', phone: '13800000001' }, at: '2026-01-02T00:00:00Z' },
      { channel: 'taobao', sourceKey: 't', record: { buyer_open_uid: 't', email: 'a@x.cn', phone: '13800000001' }, at: '2026-01-03T00:00:00Z' },
    ];
    const first = await r.resolveBatch(batch);
    t.equal(first.merges.length, 1, 'the taobao record ties the first two');
    const identities = await count(store.db, p, 'datong.identities');
    const events = await count(store.db, p, 'datong.events');
    const golden = await r.golden(first.identityIds[0]!);
    const again = await r.resolveBatch(batch);
    t.same(again.identityIds, first.identityIds);
    t.same(again.merges, []);
    t.equal(await count(store.db, p, 'datong.identities'), identities);
    t.equal(await count(store.db, p, 'datong.events'), events);
    t.same(await r.golden(first.identityIds[0]!), golden);
    // A fresh resolver over the same store gives the same ids: they are deterministic.
    t.same((await resolver(store.db, RULES, p).resolveBatch(batch)).identityIds, first.identityIds);
  });

  t.test('a merge chain A+B then B+C ends with one survivor', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const [a, b, c] = (await r.resolveBatch([
      { channel: 'shopify', sourceKey: 'A', record: { customer_id: 'A', email: 'a@x.cn' } },
      { channel: 'taobao', sourceKey: 'B', record: { buyer_open_uid: 'B', email: 'b@x.cn' } },
      { channel: 'wechat', sourceKey: 'C', record: { unionid: 'C', email: 'c@x.cn' } },
    ])).identityIds;
    const ab = await r.resolveBatch([{ channel: 'web', sourceKey: 'f1', record: { email: 'a@x.cn', phone: '13800000009', buyer_open_uid: 'B' } }]);
    t.same(ab.merges.map((m) => [m.survivor, m.absorbed]), [[a, b]]);
    const bc = await r.resolveBatch([{ channel: 'web', sourceKey: 'f2', record: { buyer_open_uid: 'B', unionid: 'C' } }]);
    t.same(bc.merges.map((m) => [m.survivor, m.absorbed]), [[a, c]]);
    t.equal(await liveIdentities(store.db, p), 1);
    t.same(await r.golden(c!), await r.golden(a!), 'the golden record of an absorbed id is its survivor\'s');
    t.equal((await r.golden(a!))?.email, 'a@x.cn', 'the most recent email among the three');
    t.equal(await r.lookup('email', 'c@x.cn'), a);
    t.equal(await mergeEvents(store.db, p), 2);
  });

  t.test('a merge after both identities have CRM contacts is reported with both sink ids', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, RULES, p);
    const [a, b] = (await r.resolveBatch([
      { channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'li@x.cn' } },
      { channel: 'taobao', sourceKey: 'u1', record: { buyer_open_uid: 'u1', phone: '13812341234' } },
    ])).identityIds;
    await r.setSinkId(a!, 'contacts', '9001');
    await r.setSinkId(b!, 'contacts', '9002');
    const out = await r.resolveBatch([{ channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'li@x.cn', phone: '138-1234-1234' } }]);
    t.same(out.merges.map(({ survivor, absorbed, sinkIds }) => ({ survivor, absorbed, sinkIds })), [
      { survivor: a, absorbed: b, sinkIds: { survivor: { contacts: '9001' }, absorbed: { contacts: '9002' } } },
    ]);
    const ev = await sql<{ kind: string; actor: string; detail: unknown }>`select kind, actor, detail from datong.events where pipeline = ${p} and kind = 'identity.merged'`.execute(store.db);
    t.equal(ev.rows.length, 1);
    const detail = typeof ev.rows[0]!.detail === 'string' ? JSON.parse(ev.rows[0]!.detail) : ev.rows[0]!.detail;
    t.same(detail, { survivor: a, absorbed: b, sinkIds: { survivor: { contacts: '9001' }, absorbed: { contacts: '9002' } } });
    t.same(out.identityIds, [a]);
  });

  t.test('with reviewMerges, a merge of two identities with CRM contacts waits for review', async (t) => {
    const p = `p${++n}`;
    const r = resolver(store.db, { ...RULES, reviewMerges: true }, p);
    const [a, b, c] = (await r.resolveBatch([
      { channel: 'shopify', sourceKey: '1', record: { customer_id: '1', email: 'li@x.cn' } },
      { channel: 'taobao', sourceKey: 'u1', record: { buyer_open_uid: 'u1', phone: '13812341234' } },
      { channel: 'wechat', sourceKey: 'w', record: { unionid: 'W', phone: '13900000000' } },
    ])).identityIds;
    await r.setSinkId(a!, 'contacts', '9001');
    await r.setSinkId(b!, 'contacts', '9002');
    const tie = [{ channel: 'web', sourceKey: 'f', record: { email: 'li@x.cn', phone: '13812341234' } }];
    const out = await r.resolveBatch(tie);
    t.same(out.merges, [], 'nothing merged: two CRM contacts would otherwise be left');
    t.same(out.deferred.map((d) => [d.survivor, d.absorbed, d.sinkIds]), [[a, b, { survivor: { contacts: '9001' }, absorbed: { contacts: '9002' } }]]);
    t.same(await r.pendingReviews(), [{ survivor: a, absorbed: b }]);
    t.equal(await liveIdentities(store.db, p), 3);
    const again = await r.resolveBatch(tie);
    t.equal(again.deferred.length, 1, 'still waiting');
    t.equal(await count(store.db, p, 'datong.events', `kind = 'identity.merge_review'`), 1, 'asked once');
    // A merge where only one side has a contact needs no review.
    const free = await r.resolveBatch([{ channel: 'web', sourceKey: 'g', record: { email: 'li@x.cn', unionid: 'W' } }]);
    t.same(free.merges.map((m) => [m.survivor, m.absorbed]), [[a, c]]);
    const approved = await r.approveMerge(a!, b!);
    t.same([approved.survivor, approved.absorbed, approved.sinkIds], [a, b, { survivor: { contacts: '9001' }, absorbed: { contacts: '9002' } }]);
    t.same(await r.pendingReviews(), []);
    t.equal(await liveIdentities(store.db, p), 1);
    t.equal(await r.lookup('phone_hash', '13812341234'), a);
  });

  t.test('a weak key attaches a record to one identity but never merges two', async (t) => {
    const p = `p${++n}`;
    const rules: IdentityRules = { keys: [...RULES.keys, { kind: 'wechat_openid', from: 'openid', priority: 9, strong: false }] };
    const r = resolver(store.db, rules, p);
    const [a, b] = (await r.resolveBatch([
      { channel: 'wx', sourceKey: '1', record: { unionid: 'U1', openid: 'o1' } },
      { channel: 'wx', sourceKey: '2', record: { unionid: 'U2', openid: 'o2' } },
    ])).identityIds;
    const joined = await r.resolveBatch([{ channel: 'wx', sourceKey: '3', record: { openid: 'o1' } }]);
    t.same(joined.identityIds, [a], 'the openid alone finds its one identity');
    const tie = await r.resolveBatch([{ channel: 'wx', sourceKey: '4', record: { unionid: 'U1', openid: 'o2' } }]);
    t.same(tie.identityIds, [a]);
    t.same(tie.merges, [], 'the weak openid did not merge the two');
    t.not(await r.lookup('wechat_unionid', 'U2'), a);
    t.equal(await r.lookup('wechat_openid', 'o2', 'wx'), b);
  });
});

import t, { type Test } from 'tap';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@datong/store';
import { openIdentityResolver } from '../src/open-identity-resolver.js';
import { loadPipeline } from '../src/pipeline-loader.js';
import { preparePipeline } from '../src/prepare-pipeline.js';
import { runPipeline } from '../src/pipeline-runner.js';
import { installPeoplePlugin } from './helpers/people-plugin.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

type Crm = { contacts: Record<string, Record<string, unknown>>; deals: Record<string, Record<string, unknown>>; merges: { survivor: string; absorbed: string; outcome: string }[] };

/** Two channels (a shop and Tmall) of customers and orders into one CRM, persons resolved by email and phone. */
function setup(t: Test, options: { reviewMerges?: boolean } = {}) {
  const dir = t.testdir({});
  installPeoplePlugin(dir);
  mkdirSync(join(dir, 'shop'));
  mkdirSync(join(dir, 'tmall'));
  const customer = { contact_key: 'id', email: { from: 'email', normalize: 'email' }, phone: { from: 'phone', normalize: 'phone' }, name: 'name', tags: { from: 'tags' } };
  writeFileSync(join(dir, 'pipeline.yaml'), `name: people
identity:
  keys:
    - { kind: email, from: email, priority: 1 }
    - { kind: phone_hash, from: phone, priority: 2 }
  survivorship: { email: most_recent, phone: most_recent, name: { sourcePriority: [shop, tmall] }, tags: union }
  reviewMerges: ${options.reviewMerges === true}
sources:
  shop: { plugin: datong-plugin-people, config: { dir: shop } }
  tmall: { plugin: datong-plugin-people, config: { dir: tmall } }
sinks:
  crm: { plugin: datong-plugin-people, config: { file: crm.json } }
stages:
  - { name: shop-customers, from: shop.customers, to: crm.contacts, key: [contact_key], identity: resolve, map: ${JSON.stringify(customer)} }
  - { name: tmall-customers, after: [shop-customers], from: tmall.customers, to: crm.contacts, key: [contact_key], identity: resolve, map: ${JSON.stringify(customer)} }
  - name: orders
    after: [tmall-customers]
    from: [shop.orders, tmall.orders]
    to: crm.deals
    key: [deal_key]
    identity: { link: contact_key }
    map: { deal_key: id, contact_key: customer, total: total }
`);
  const put = (channel: 'shop' | 'tmall', stream: 'customers' | 'orders', rows: Record<string, unknown>[]) =>
    writeFileSync(join(dir, channel, `${stream}.json`), JSON.stringify(rows));
  const run = async () => {
    const p = await preparePipeline(await loadPipeline(join(dir, 'pipeline.yaml')), { ...process.env, DATONG_SECRET_KEY: 'identity-test-key' });
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      return await runPipeline(p, store, { logger: quiet });
    } finally {
      await store.close();
    }
  };
  const approve = async (survivor: string, absorbed: string) => {
    const p = await preparePipeline(await loadPipeline(join(dir, 'pipeline.yaml')), { ...process.env, DATONG_SECRET_KEY: 'identity-test-key' });
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      await openIdentityResolver(p, store)!.approveMerge(survivor, absorbed);
    } finally {
      await store.close();
    }
  };
  const crm = () => JSON.parse(readFileSync(join(dir, 'crm.json'), 'utf8')) as Crm;
  const contactOf = (email: string) => Object.entries(crm().contacts).filter(([, c]) => c.email === email).map(([k]) => k);
  return { run, put, crm, contactOf, approve };
}

t.test('customers of two channels become one contact per person; orders of both land on it', async (t) => {
  const { run, put, crm, contactOf } = setup(t);
  put('shop', 'customers', [
    { id: 's1', name: 'Wang Fang', email: 'Wang@A.com', phone: '13812341234', tags: ['shop'] },
    { id: 's2', name: 'Li Na', email: 'li@b.com', phone: '138****5678' },
    { id: 's3', name: 'Zhao Lei', email: 'zhao@c.com' },
  ]);
  put('tmall', 'customers', [
    // Another email, the same phone written differently: the same person.
    { id: 't1', name: '王芳', email: 'wangfang@tmall.com', phone: '+86 138 1234 1234', tags: ['tmall', 'Shop'] },
    // The same masked phone as s2: masked numbers name nobody, so this is another person.
    { id: 't2', name: 'Chen Jing', email: 'chen@d.com', phone: '138****5678' },
    { id: 't3', name: 'Zhao L.', email: 'zhao.l@x.com', phone: '13900001111' },
  ]);
  put('shop', 'orders', [{ id: 'o1', customer: 's1', total: 10 }, { id: 'o3', customer: 's3', total: 30 }]);
  put('tmall', 'orders', [{ id: 'o2', customer: 't1', total: 20 }, { id: 'o4', customer: 't3', total: 40 }, { id: 'o9', customer: 't9', total: 90 }]);

  const first = await run();
  t.equal(first.status, 'partial', 'one order waits for its customer');
  const db = crm();
  t.equal(Object.keys(db.contacts).length, 5, 's1 and t1 are one person; s2 and t2 stay two despite the same masked phone');
  const [wang] = Object.entries(db.contacts).filter(([, c]) => c.phone === '+8613812341234');
  t.ok(wang, 'the phone is stored in E.164');
  t.equal(wang![1].name, 'Wang Fang', 'name from the shop first (source priority)');
  t.equal(wang![1].email, 'wangfang@tmall.com', 'the most recent email');
  t.same(wang![1].tags, ['shop', 'tmall'], 'tags of both channels, once each');
  t.equal(db.deals.o1!.contact_key, wang![0]);
  t.equal(db.deals.o2!.contact_key, wang![0], 'the Tmall order lands on the same contact as the shop order');
  t.notOk(db.deals.o9, 'an order whose customer is unknown is not written');
  t.match(first.identity, { persons: 5, crossChannel: 1, merged: 0 });
  t.match(first.stages.find((s) => s.name === 'orders'), { deadLettered: 1 });

  // Run 2: s3 gives the phone t3 has: the two persons, both already contacts, are one.
  // s1 changes email; the customer of o9 arrives.
  put('shop', 'customers', [
    { id: 's1', name: 'Wang Fang', email: 'wang.fang@new.com', phone: '13812341234', tags: ['shop'] },
    { id: 's2', name: 'Li Na', email: 'li@b.com', phone: '138****5678' },
    { id: 's3', name: 'Zhao Lei', email: 'zhao@c.com', phone: '139 0000 1111' },
  ]);
  put('tmall', 'customers', [
    { id: 't1', name: '王芳', email: 'wangfang@tmall.com', phone: '+86 138 1234 1234', tags: ['tmall', 'Shop'] },
    { id: 't2', name: 'Chen Jing', email: 'chen@d.com', phone: '138****5678' },
    { id: 't3', name: 'Zhao L.', email: 'zhao.l@x.com', phone: '13900001111' },
    { id: 't9', name: 'Sun Li', email: 'sun@e.com' },
  ]);
  const second = await run();
  t.equal(second.status, 'succeeded', `the waiting order went through: ${JSON.stringify(second.stages)}`);
  const after = crm();
  t.equal(Object.keys(after.contacts).length, 5, 'Zhao is one contact now, Sun a new one: 5 - 1 + 1');
  t.equal(after.merges.length, 1, 'the sink merged the two Zhao contacts');
  t.equal(after.merges[0]!.outcome, 'merged');
  t.same(contactOf('zhao@c.com').length + contactOf('zhao.l@x.com').length, 1, 'one contact for Zhao');
  t.equal(after.deals.o3!.contact_key, after.deals.o4!.contact_key, 'both channels\' orders on the one Zhao contact');
  t.ok(after.contacts[after.deals.o3!.contact_key as string], 'and that contact exists');
  t.equal(after.contacts[wang![0]]!.email, 'wang.fang@new.com', 'a changed email updates the same contact');
  t.ok(after.deals.o9, 'the order that waited for its customer is written');
  t.match(second.identity, { merged: 1, sinkMerges: 1, persons: 5, absorbed: 1 });

  const third = await run();
  t.match(third.counts, { written: 0, deadLettered: 0 }, 'nothing changes on a third run');
  t.equal(crm().merges.length, 1, 'a merge is carried out once');
});

t.test('with reviewMerges, a merge of two persons already in the CRM waits for approval', async (t) => {
  const { run, put, crm, approve } = setup(t, { reviewMerges: true });
  put('shop', 'customers', [{ id: 's3', name: 'Zhao Lei', email: 'zhao@c.com' }]);
  put('tmall', 'customers', [{ id: 't3', name: 'Zhao L.', email: 'zhao.l@x.com', phone: '13900001111' }]);
  await run();
  t.equal(Object.keys(crm().contacts).length, 2);
  put('shop', 'customers', [{ id: 's3', name: 'Zhao Lei', email: 'zhao@c.com', phone: '13900001111' }]);
  const waiting = await run();
  t.match(waiting.identity, { review: 1, pendingReviews: 1, sinkMerges: 0 });
  t.equal(Object.keys(crm().contacts).length, 2, 'nothing merged before a person approves');
  const [survivor, absorbed] = Object.keys(crm().contacts).sort((a, b) => (crm().contacts[a]!.name === 'Zhao Lei' ? -1 : 1) - (crm().contacts[b]!.name === 'Zhao Lei' ? -1 : 1));
  await approve(survivor!, absorbed!);
  const approved = await run();
  t.match(approved.identity, { sinkMerges: 1, pendingReviews: 0 });
  t.equal(Object.keys(crm().contacts).length, 1, 'approved: one contact');
});

t.test('tags the mapping owns are kept in sync on the sink record; tags set by hand stay', async (t) => {
  const dir = t.testdir({});
  installPeoplePlugin(dir);
  mkdirSync(join(dir, 'shop'));
  writeFileSync(join(dir, 'pipeline.yaml'), `name: tags
sources: { shop: { plugin: datong-plugin-people, config: { dir: shop } } }
sinks: { crm: { plugin: datong-plugin-people, config: { file: crm.json } } }
stages:
  - name: customers
    from: shop.customers
    to: crm.contacts
    key: [contact_key]
    map:
      fields: { contact_key: id, points: points }
      tags:
        rules:
          - { when: "points >= 5000", tag: VIP }
          - { when: "true", tag: shop }
`);
  const run = async () => {
    const p = await preparePipeline(await loadPipeline(join(dir, 'pipeline.yaml')));
    const store = await openStore({ dir: join(dir, '.datong') });
    try {
      return await runPipeline(p, store, { logger: quiet });
    } finally {
      await store.close();
    }
  };
  const crmFile = join(dir, 'crm.json');
  writeFileSync(join(dir, 'shop', 'customers.json'), JSON.stringify([{ id: 'c1', points: 6000 }]));
  await run();
  t.same((JSON.parse(readFileSync(crmFile, 'utf8')) as Crm).contacts.c1!.tags, ['VIP', 'shop']);
  // Someone tags the contact by hand in the CRM; then the customer drops below 5,000 points.
  const db = JSON.parse(readFileSync(crmFile, 'utf8')) as Crm;
  db.contacts.c1!.tags = ['VIP', 'shop', 'called-back', 'vip'];
  writeFileSync(crmFile, JSON.stringify(db));
  writeFileSync(join(dir, 'shop', 'customers.json'), JSON.stringify([{ id: 'c1', points: 100 }]));
  await run();
  t.same((JSON.parse(readFileSync(crmFile, 'utf8')) as Crm).contacts.c1!.tags, ['shop', 'called-back'], 'VIP removed (both spellings), the hand-set tag kept, nothing duplicated');
  writeFileSync(join(dir, 'shop', 'customers.json'), JSON.stringify([{ id: 'c1', points: 7000 }]));
  await run();
  t.same((JSON.parse(readFileSync(crmFile, 'utf8')) as Crm).contacts.c1!.tags, ['shop', 'called-back', 'VIP'], 'VIP back once');
});

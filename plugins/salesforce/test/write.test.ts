import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, contactSpec, customers, oauthConfig, opportunitySpec, orders, salesforce } from './helpers/salesforce-fixtures.js';

type Emulator = Awaited<ReturnType<typeof salesforce>>;

async function open(emulator: Emulator, extra: Record<string, unknown> = {}) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(oauthConfig(emulator, extra), ctx);
  return { ctx, contacts: await connection.object(contactSpec), opportunities: await connection.object(opportunitySpec) };
}

t.test('a crash replay: the same batch written again by a fresh connection updates, and each key stays one Contact', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const people = customers(450, 'replay');
  const first = await open(emulator);
  const written = (await first.contacts.write(people, first.ctx)) ?? [];
  t.equal(written.filter((r) => r.sinkId).length, 450, 'every contact written');
  t.same(calls(emulator, '/composite/sobjects/:sobject/:externalIdField').map((c) => (c.body as { records: unknown[] }).records.length), [200, 200, 50], 'in collections of at most 200');

  // The process died before datong committed; the rerun opens a new connection and writes the batch again.
  const again = await open(emulator);
  const rewritten = (await again.contacts.write(people, again.ctx)) ?? [];
  t.same(rewritten.map((r) => r.sinkId), written.map((r) => r.sinkId), 'each key kept its Contact Id');
  t.equal(emulator.keyed('Contact').length, 450, 'the org holds 450 Contacts');
  t.ok(people.every((p) => emulator.countByKey('Contact', p.key) === 1), 'one per key');
  const results = calls(emulator, '/composite/sobjects/:sobject/:externalIdField').slice(3).map((c) => c.status);
  t.same(results, [200, 200, 200], 'the replay went through the same upserts');
});

t.test('a key twice in one batch: the last version wins, and one Contact is written', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const [a] = customers(1, 'twice');
  const results = (await contacts.write([a!, { key: a!.key, record: { ...a!.record, LastName: 'Later' } }], ctx)) ?? [];
  t.equal(results.length, 2, 'a result per input');
  t.equal(results[0]!.sinkId, results[1]!.sinkId);
  t.equal(emulator.countByKey('Contact', a!.key), 1);
  t.equal(emulator.store.findAll('Contact', 'Datong_Key__c', a!.key)[0]!.fields.LastName, 'Later');
});

t.test('one invalid record in a batch: its error names Salesforce\'s code and field, the others are written', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const batch = customers(5, 'partial');
  batch[1] = { key: batch[1]!.key, record: { ...batch[1]!.record, Email: 'not-an-address' } };
  batch[3] = { key: batch[3]!.key, record: { ...batch[3]!.record, LastName: 'X'.repeat(81) } };
  const results = (await contacts.write(batch, ctx)) ?? [];
  t.same(results.map((r) => r.key), batch.map((b) => b.key), 'results in input order');
  t.match(results[1]!.error, /INVALID_EMAIL_ADDRESS: Email: invalid email address: not-an-address \(fields Email\)/);
  t.match(results[3]!.error, /STRING_TOO_LONG: .*max length=80.*\(fields LastName\)/);
  t.ok([0, 2, 4].every((i) => results[i]!.sinkId), 'the three good ones got an Id');
  t.equal(emulator.keyed('Contact').length, 3, 'and only they are in the org');
  t.equal(calls(emulator, '/composite/sobjects/:sobject/:externalIdField').length, 1, 'in one call (allOrNone false)');
});

t.test('a key two Contacts hold: that record is refused with DUPLICATE_EXTERNAL_ID, the rest are written', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const batch = customers(3, 'dup');
  emulator.store.plant('Contact', { LastName: 'Twin A', Datong_Key__c: batch[0]!.key });
  emulator.store.plant('Contact', { LastName: 'Twin B', Datong_Key__c: batch[0]!.key });
  const results = (await contacts.write(batch, ctx)) ?? [];
  t.match(results[0]!.error, /DUPLICATE_EXTERNAL_ID: .*more than one record found for external id field.*merge or delete the extra ones/);
  t.ok(results[1]!.sinkId && results[2]!.sinkId, 'the others written');
  t.equal(emulator.countByKey('Contact', batch[0]!.key), 2, 'the twins are left as they were');
});

t.test('orders link to their contact by external id; an order whose contact is not there yet is deferred', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts, opportunities } = await open(emulator);
  const [pat] = customers(1, 'buyer');
  await contacts.write([pat!], ctx);
  const batch = orders([pat!.key, 'buyer-not-yet']);
  const results = (await opportunities.write(batch, ctx)) ?? [];
  t.ok(results[0]!.sinkId, "Pat's order is written");
  t.match(results[1], { deferred: /contact buyer-not-yet .*not in Salesforce yet/ }, 'the other waits for its contact');
  t.notOk(results[1]!.error, 'and is not an error');
  const opp = emulator.store.findAll('Opportunity', 'Datong_Key__c', batch[0]!.key)[0]!;
  const contactId = emulator.store.findAll('Contact', 'Datong_Key__c', pat!.key)[0]!.Id;
  t.equal(opp.fields.Datong_Contact__c, contactId, 'the lookup points at Pat');
  t.equal(calls(emulator, '/query').length, 0, 'no look-up call was needed');
  const body = calls(emulator, '/composite/sobjects/:sobject/:externalIdField').at(-1)!.body as { records: Record<string, unknown>[] };
  t.same(body.records[0]!.Datong_Contact__r, { Datong_Key__c: pat!.key }, 'the relationship is set by the contact\'s external id');

  // The next run, after the contacts stage wrote the contact: the deferred order goes in.
  await contacts.write(customers(1, 'buyer-not-yet').map((c) => ({ key: 'buyer-not-yet', record: { ...c.record, customer_key: 'buyer-not-yet' } })), ctx);
  const retried = (await opportunities.write([batch[1]!], ctx)) ?? [];
  t.ok(retried[0]!.sinkId, 'the deferred order is written on the next run');
});

t.test('a write past bulkThreshold goes through a Bulk API 2.0 job, with per-record failures as errors', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts, opportunities } = await open(emulator, { bulkThreshold: 20 });
  const people = customers(30, 'bulk');
  people[4] = { key: people[4]!.key, record: { ...people[4]!.record, Email: 'broken@' } };
  people[7] = { key: people[7]!.key, record: { ...people[7]!.record, Phone: null, MailingCity: null } };
  const results = (await contacts.write(people, ctx)) ?? [];
  t.equal(results.length, 30);
  t.match(results[4]!.error, /INVALID_EMAIL_ADDRESS:Email: invalid email address: broken@:Email/);
  t.equal(results.filter((r) => r.sinkId).length, 29, 'the others written');
  t.equal(emulator.keyed('Contact').length, 29);
  for (const route of ['/jobs/ingest', '/jobs/ingest/:jobId/batches', '/jobs/ingest/:jobId/successfulResults', '/jobs/ingest/:jobId/failedResults']) {
    t.ok(calls(emulator, route).length >= 1, `called ${route}`);
  }
  t.ok(calls(emulator, '/jobs/ingest/:jobId', 'GET').length >= 2, 'polled the job until JobComplete');
  t.equal(calls(emulator, '/composite/sobjects/:sobject/:externalIdField').length, 0, 'no collections call');
  const held = emulator.store.findAll('Contact', 'Datong_Key__c', people[7]!.key)[0]!;
  t.equal(held.fields.Phone, null, '#N/A cleared the phone');
  t.equal(held.fields.Datong_Tags__c, 'jd', 'tags kept as the multi-select value');

  // The same write again: bulk upsert updates, nothing doubles.
  const again = (await contacts.write(people, ctx)) ?? [];
  t.same(again.map((r) => r.sinkId), results.map((r) => r.sinkId), 'the same Ids');
  t.equal(emulator.keyed('Contact').length, 29);

  // Orders by bulk: the lookup column is Datong_Contact__r.Datong_Key__c; an unknown contact is deferred.
  const deals = orders([...people.slice(0, 25).map((p) => p.key), 'bulk-nobody']);
  const dealResults = (await opportunities.write(deals, ctx)) ?? [];
  t.match(dealResults[4], { deferred: /bulk-5/ }, 'the order of the refused contact waits for it');
  t.match(dealResults[25], { deferred: /bulk-nobody/ });
  t.equal(dealResults.filter((r) => r.sinkId).length, 24);
  const contactId = emulator.store.findAll('Contact', 'Datong_Key__c', people[0]!.key)[0]!.Id;
  t.equal(emulator.store.findAll('Opportunity', 'Datong_Key__c', deals[0]!.key)[0]!.fields.Datong_Contact__c, contactId, 'linked to its contact');
});

t.test('a collection of more than 200 is refused by the emulator as Salesforce does', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const token = emulator.credentials.accessToken;
  const records = Array.from({ length: 201 }, (_, i) => ({ attributes: { type: 'Contact' }, LastName: `L${i}`, Datong_Key__c: `k${i}` }));
  const response = await fetch(`${emulator.url}/services/data/v62.0/composite/sobjects/Contact/Datong_Key__c`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ allOrNone: false, records }),
  });
  t.equal(response.status, 400);
  t.match(await response.json(), [{ errorCode: 'EXCEEDED_ID_LIMIT' }]);
  t.equal(emulator.keyed('Contact').length, 0, 'nothing written');
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, contacts, contactSpec, datongRecords, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

async function open(emulator: Awaited<ReturnType<typeof hubspot>>) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  return { ctx, contacts: await connection.object(contactSpec), deals: await connection.object(dealSpec) };
}

t.test('250 contacts go in 3 upsert calls, and writing them again creates no copy', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const people = contacts(250);

  const first = (await sink.write(people, ctx)) ?? [];
  t.equal(calls(emulator, '/contacts/batch/upsert').length, 3, 'batches of 100, 100 and 50');
  t.equal(first.filter((r) => r.sinkId !== undefined && r.error === undefined).length, 250, 'every contact has its HubSpot id');
  t.equal(datongRecords(emulator, 'contacts').length, 250);

  const second = (await sink.write(people, ctx)) ?? [];
  t.equal(datongRecords(emulator, 'contacts').length, 250, 'still 250 contacts: the upsert keys on datong_key');
  t.same(second.map((r) => r.sinkId), first.map((r) => r.sinkId), 'each key keeps its HubSpot id');

  const stored = emulator.store.findBy('contacts', 'datong_key', 'person-17')!;
  t.equal(stored.properties.email, people[16]!.record.email, 'the properties are those of the record');
  t.equal(stored.properties.phone, people[16]!.record.phone);
});

t.test('the datong_key property is created once, unique, in the contact information group', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  await open(emulator);
  await open(emulator);
  const definition = emulator.store.properties.contacts.get('datong_key');
  t.match(definition, { type: 'string', fieldType: 'text', hasUniqueValue: true, groupName: 'contactinformation' });
  t.match(emulator.store.properties.deals.get('datong_key'), { hasUniqueValue: true, groupName: 'dealinformation' });
  const creations = emulator.kit.requests.filter((r) => r.method === 'POST' && r.path === '/crm/v3/properties/contacts' && (r.body as { name?: string }).name === 'datong_key');
  t.equal(creations.length, 1, 'created by the first open only');
});

t.test('deals are associated with the contacts their contact_key names', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: contactSink, deals: dealSink } = await open(emulator);
  const people = contacts(150);
  await contactSink.write(people, ctx);
  const orders = deals(people.map((p) => p.key));

  const results = (await dealSink.write(orders, ctx)) ?? [];
  t.equal(results.filter((r) => r.error === undefined).length, 150, 'every deal written');
  const pairs = emulator.store.associations.map((a) => {
    const deal = emulator.store.objects.deals.get(a.fromId)!;
    const contact = emulator.store.objects.contacts.get(a.toId)!;
    return `${a.typeId} ${deal.properties.datong_key} -> ${contact.properties.datong_key}`;
  });
  t.same(pairs.sort(), orders.map((o) => `3 ${o.key} -> ${o.record.contact_key}`).sort(), 'one deal-to-contact association (type 3) per deal, to its own contact');

  const creates = calls(emulator, '/associations/deals/contacts/batch/create').length;
  await dealSink.write(orders, ctx);
  t.equal(emulator.store.associations.length, 150, 'writing the deals again adds no association');
  t.equal(calls(emulator, '/associations/deals/contacts/batch/create').length, creates, 'and asks HubSpot to create none');
});

t.test('a deal whose contact HubSpot lacks is refused, and lands once the contact is written', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: contactSink, deals: dealSink } = await open(emulator);
  const [alice, bob] = contacts(2);
  await contactSink.write([alice!], ctx);
  const [withContact, orphan] = deals([alice!.key, bob!.key]);
  const noContact = { key: 'jd:1', record: { deal_key: 'jd:1', dealname: 'A walk-in order', amount: 99 } };

  const results = (await dealSink.write([withContact!, orphan!, noContact], ctx)) ?? [];
  t.equal(results[0]!.error, undefined);
  t.equal(results[1]!.deferred, `contact ${bob!.key} is not in HubSpot yet: the deal waits for it and is retried on the next run`);
  t.equal(results[2]!.error, undefined, 'a deal without contact_key needs no contact');
  t.notOk(emulator.store.findBy('deals', 'datong_key', orphan!.key), 'the refused deal was not written: it waits in the dead letters');

  await contactSink.write([bob!], ctx);
  const replay = (await dealSink.write([orphan!], ctx)) ?? [];
  t.equal(replay[0]!.error, undefined, 'replayed after the customers stage, it lands');
  const deal = emulator.store.findBy('deals', 'datong_key', orphan!.key)!;
  const contact = emulator.store.findBy('contacts', 'datong_key', bob!.key)!;
  t.ok(emulator.store.associations.some((a) => a.fromId === deal.id && a.toId === contact.id && a.typeId === 3), 'and is associated with its contact');
});

t.test('null clears a property, and a key twice in one batch is written once', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const [person] = contacts(1);
  await sink.write([person!], ctx);
  const cleared = { key: person!.key, record: { ...person!.record, phone: null, firstname: 'Renamed' } };
  const results = (await sink.write([person!, cleared], ctx)) ?? [];
  t.equal(results.length, 2, 'one result per record given');
  t.equal(results[0]!.sinkId, results[1]!.sinkId);
  const stored = emulator.store.findBy('contacts', 'datong_key', person!.key)!;
  t.equal(stored.properties.firstname, 'Renamed', 'the later version wins');
  t.notOk('phone' in stored.properties, 'null cleared the phone');
  const back = await sink.readBack!([person!.key]);
  t.same(back.get(person!.key), { ...cleared.record, mobilephone: null, company: null, jobtitle: null, address: null, zip: null, hs_lead_status: null, datong_tier: null, datong_tags: null },
    'read-back shows the record as last written, in its own shape; unset properties read as null, so a rollback to this image clears them');
});

import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { config, contactSpec, customers, dealSpec, orders, zoho } from './helpers/zoho-fixtures.js';

type Emulator = Awaited<ReturnType<typeof zoho>>;

async function open(emulator: Emulator) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator), ctx);
  return { ctx, contacts: await connection.object(contactSpec), deals: await connection.object(dealSpec) };
}

const upserts = (emulator: Emulator) => emulator.kit.requests.filter((r) => r.route === '/crm/:version/:module/upsert');

t.test('a batch replayed after a crash, by a fresh connection, updates: one record per key', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const people = customers(150, 'replay');
  const first = await open(emulator);
  const written = (await first.contacts.write(people, first.ctx)) ?? [];
  t.equal(written.filter((r) => r.sinkId).length, 150, 'the first run wrote all 150');
  t.equal(upserts(emulator).length, 2, 'in two upserts of at most 100');

  // The crash came between the sink write and datong's commit: a new process writes the batch again.
  const again = await open(emulator);
  const rewritten = (await again.contacts.write(people, again.ctx)) ?? [];
  t.same(rewritten.map((r) => r.sinkId), written.map((r) => r.sinkId), 'every key kept its Zoho id');
  t.equal(emulator.keyed('Contacts').length, 150, 'Zoho holds 150 contacts, not 300');
  t.ok(people.every((p) => emulator.countByKey('Contacts', p.key) === 1), 'exactly one record per key');
  t.ok(upserts(emulator).every((r) => (r.body as { duplicate_check_fields: string[] }).duplicate_check_fields[0] === 'Datong_Key'), 'every upsert checked duplicates on Datong_Key');
});

t.test('one bad record: its error names Zoho\'s code and the field; the rest of the batch is written', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const [a, b, c, d] = customers(4, 'pf');
  const results = (await contacts.write([a!, { key: b!.key, record: { ...b!.record, Email: 'not-an-email' } }, c!, { key: d!.key, record: { customer_key: d!.key, First_Name: 'No last name' } }], ctx)) ?? [];
  t.same(results.map((r) => r.key), [a!.key, b!.key, c!.key, d!.key], 'one result per record, in input order');
  t.match(results[1]?.error, /^Zoho INVALID_DATA on Email: invalid data/, 'the malformed e-mail is refused as INVALID_DATA on Email');
  t.match(results[3]?.error, /^Zoho MANDATORY_NOT_FOUND on Last_Name/, 'the missing last name as MANDATORY_NOT_FOUND on Last_Name');
  t.ok(results[0]?.sinkId && results[2]?.sinkId, 'the good ones got their Zoho ids');
  t.same(emulator.keyed('Contacts').map((r) => r.fields.Datong_Key).sort(), [a!.key, c!.key], 'Zoho holds the two good ones only');
  t.equal(upserts(emulator).at(-1)?.status, 207, 'Zoho answered the mixed batch 207');
});

t.test('deals link to their contact; an unknown contact defers the deal; a key twice keeps its last version', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const { ctx, contacts, deals } = await open(emulator);
  const [pat] = customers(1, 'buyer');
  await contacts.write([pat!], ctx);
  const [mine, orphan] = orders([pat!.key, 'buyer-unknown']);
  const results = (await deals.write([mine!, orphan!, { key: mine!.key, record: { ...mine!.record, Stage: 'Closed Lost' } }], ctx)) ?? [];
  t.ok(results[0]?.sinkId, 'the deal of a known contact is written');
  t.match(results[1]?.deferred, /contact buyer-unknown is not in Zoho yet/, 'the deal of an unknown contact is deferred');
  t.equal(results[2]?.sinkId, results[0]?.sinkId, 'the second version of a key answers the same record');
  const held = emulator.keyed('Deals');
  t.equal(held.length, 1, 'Zoho holds one deal');
  const contactId = emulator.keyed('Contacts')[0]!.id;
  t.same(held[0]!.fields.Contact_Name, { id: contactId }, 'linked through Contact_Name to the contact');
  t.equal(held[0]!.fields.Stage, 'Closed Lost', 'the last version won');
  const searches = emulator.kit.requests.filter((r) => r.route === '/crm/:version/:module/search' && r.path.endsWith('/Contacts/search'));
  t.equal(searches.length, 1, 'the contacts were resolved with one search for the batch');
});

t.test('contacts: a rollback writes the before-image back and deletes what the run created', async (t) => {
  const emulator = await zoho({ seedContacts: 2 });
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const [a, b] = customers(2, 'rb');
  await contacts.write([b!], ctx);
  const imageB = (await contacts.readBack!([a!.key, b!.key])).get(b!.key)!;
  t.equal(imageB.Mobile, null, 'B had no mobile before the run');

  // The run: A created; B renamed, given a mobile and a tier, its phone and tags cleared.
  await contacts.write([a!, { key: b!.key, record: { ...b!.record, Last_Name: 'Changed', Mobile: '+8613900000000', Phone: null, Datong_Tags: null, Datong_Tier: 'platinum' } }], ctx);
  const changed = emulator.store.findBy('Contacts', 'Datong_Key', [b!.key])[0]!;
  t.match(changed.fields, { Last_Name: 'Changed', Mobile: '+8613900000000' });
  t.notOk('Phone' in changed.fields, 'the run cleared the phone');

  // The rollback: B's before-image written back, A's creation undone.
  await contacts.write([{ key: b!.key, record: imageB }], ctx);
  await contacts.delete!([a!.key]);
  const restored = emulator.store.findBy('Contacts', 'Datong_Key', [b!.key])[0]!;
  t.match(restored.fields, { Last_Name: b!.record.Last_Name, Phone: b!.record.Phone, Datong_Tier: b!.record.Datong_Tier, Datong_Tags: b!.record.Datong_Tags }, "Zoho holds B's old values again");
  t.notOk('Mobile' in restored.fields, 'the mobile the run set is cleared');
  t.equal(emulator.countByKey('Contacts', a!.key), 0, 'A is deleted');
  t.equal(emulator.store.all('Contacts').length, 3, 'the contacts people made by hand are untouched');
  t.same((await contacts.readBack!([a!.key, b!.key])).get(b!.key), imageB, 'B reads back as its before-image');
});

t.test('deals: a rollback moves the deal back to its contact and stage', async (t) => {
  const emulator = await zoho();
  t.teardown(() => emulator.close());
  const { ctx, contacts, deals } = await open(emulator);
  const [pat, quinn] = customers(2, 'buyer');
  await contacts.write([pat!, quinn!], ctx);
  const [order] = orders([pat!.key]);
  await deals.write([order!], ctx);
  const image = (await deals.readBack!([order!.key])).get(order!.key)!;
  t.match(image, { customer_key: pat!.key, Description: null, Stage: 'Closed Won' }, "read back: Pat's, with no description");

  await deals.write([{ key: order!.key, record: { ...order!.record, customer_key: quinn!.key, Stage: 'Closed Lost', Description: '已退款 (refunded)' } }], ctx);
  await deals.write([{ key: order!.key, record: image }], ctx);
  const held = emulator.store.findBy('Deals', 'Datong_Key', [order!.key])[0]!;
  const patId = emulator.store.findBy('Contacts', 'Datong_Key', [pat!.key])[0]!.id;
  t.same(held.fields.Contact_Name, { id: patId }, 'linked to Pat again');
  t.equal(held.fields.Stage, 'Closed Won');
  t.notOk('Description' in held.fields, 'the description the run set is cleared');
  await deals.delete!([order!.key]);
  t.equal(emulator.keyed('Deals').length, 0, 'delete removes the deal');
});

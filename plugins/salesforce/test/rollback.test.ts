import type { DataRecord, SinkObject } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contactSpec, customers, oauthConfig, opportunitySpec, orders, salesforce } from './helpers/salesforce-fixtures.js';

type Emulator = Awaited<ReturnType<typeof salesforce>>;

async function open(emulator: Emulator) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(oauthConfig(emulator), ctx);
  return { ctx, contacts: await connection.object(contactSpec), opportunities: await connection.object(opportunitySpec) };
}

async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

const held = (emulator: Emulator, sobject: string, key: string) => emulator.store.findAll(sobject, 'Datong_Key__c', key)[0];

t.test('contacts: writing the before-image back restores v1 field for field, and delete removes the created one', async (t) => {
  // One record per query page: read-back, delete and scan must follow nextRecordsUrl.
  const emulator = await salesforce({ settings: { queryBatchSize: 1 } });
  t.teardown(() => emulator.close());
  const { ctx, contacts } = await open(emulator);
  const [a, b] = customers(2, "o'rb");
  await contacts.write([a!, b!], ctx);
  const v1 = structuredClone(held(emulator, 'Contact', b!.key)!.fields);
  const imageB = (await contacts.readBack!([b!.key, 'not-there'])).get(b!.key)!;
  t.same(imageB.Datong_Tags__c, b!.record.Datong_Tags__c, 'tags read back as an array');
  t.equal(imageB.MobilePhone, null, 'a field never set reads back as null');
  t.equal(imageB.customer_key, b!.key, 'in the written shape, key included');
  t.equal((await contacts.readBack!([a!.key, b!.key])).size, 2, 'read-back follows the query pages');
  t.ok(emulator.kit.requests.some((r) => r.route === '/services/data/:version/query/:locator'), 'through nextRecordsUrl');

  // The run: B renamed, retiered, retagged, its phone cleared, a mobile added.
  await contacts.write([{ key: b!.key, record: { ...b!.record, LastName: 'Changed', Datong_Tier__c: 'platinum', Datong_Tags__c: ['x'], Phone: null, MobilePhone: '+8613800000000' } }], ctx);
  t.match(held(emulator, 'Contact', b!.key)!.fields, { LastName: 'Changed', Phone: null, MobilePhone: '+8613800000000', Datong_Tags__c: 'x' });

  // The rollback: B's before-image written back, A's creation undone.
  await contacts.write([{ key: b!.key, record: imageB }], ctx);
  await contacts.delete!([a!.key]);
  t.same(held(emulator, 'Contact', b!.key)!.fields, { ...v1, MobilePhone: null, MailingStreet: null, MailingPostalCode: null }, "the org holds v1's values again (unset fields now explicitly empty)");
  t.same((await contacts.readBack!([b!.key])).get(b!.key), imageB, 'B reads back as its before-image');
  t.equal(held(emulator, 'Contact', a!.key), undefined, 'A is gone from the org');
  t.equal(emulator.dump().recycleBin.Contact!.length, 1, 'into the Recycle Bin');
  await t.resolves(contacts.delete!([a!.key]), 'deleting again is no error');
  const listed = await scanned(contacts);
  t.same([...listed.keys()], [b!.key], 'scan lists B only');
});

t.test('opportunities: the restore moves the order back to its contact and clears what the run set', async (t) => {
  const emulator = await salesforce();
  t.teardown(() => emulator.close());
  const { ctx, contacts, opportunities } = await open(emulator);
  const [pat, quinn] = customers(2, 'buyer');
  await contacts.write([pat!, quinn!], ctx);
  const [a, b] = orders([pat!.key, pat!.key]);
  const walkIn = { key: 'jd:1', record: { order_key: 'jd:1', Name: 'A walk-in order', StageName: 'Closed Won', CloseDate: '2025-04-02', Amount: 99 } };
  await opportunities.write([a!, b!, walkIn], ctx);
  const images = await opportunities.readBack!([b!.key, walkIn.key]);
  t.match(images.get(b!.key), { customer_key: pat!.key, Description: null }, "B is Pat's, with no description");
  t.equal(images.get(walkIn.key)!.customer_key, null, 'the walk-in order has no contact');

  // The run: an identity merge gives B to Quinn, it is refunded; the walk-in order gets Pat.
  await opportunities.write([
    { key: b!.key, record: { ...b!.record, customer_key: quinn!.key, StageName: 'Closed Lost', Description: '已退款 (refunded)', Amount: 0 } },
    { key: walkIn.key, record: { ...walkIn.record, customer_key: pat!.key } },
  ], ctx);
  const quinnId = held(emulator, 'Contact', quinn!.key)!.Id;
  t.equal(held(emulator, 'Opportunity', b!.key)!.fields.Datong_Contact__c, quinnId, 'the run moved B to Quinn');

  await opportunities.write([...images].map(([key, record]) => ({ key, record })), ctx);
  await opportunities.delete!([a!.key]);
  const patId = held(emulator, 'Contact', pat!.key)!.Id;
  t.match(held(emulator, 'Opportunity', b!.key)!.fields, { Datong_Contact__c: patId, StageName: 'Closed Won', Description: null, Amount: b!.record.Amount }, 'B is back on Pat, as it was');
  t.equal(held(emulator, 'Opportunity', walkIn.key)!.fields.Datong_Contact__c, null, 'the walk-in order has no contact again');
  const back = await opportunities.readBack!([a!.key, b!.key, walkIn.key]);
  t.same(back.get(b!.key), images.get(b!.key));
  t.same(back.get(walkIn.key), images.get(walkIn.key));
  t.notOk(back.has(a!.key), 'A is deleted');
  t.same([...(await scanned(opportunities)).keys()].sort(), [b!.key, walkIn.key].sort(), 'scan lists what is left');
});

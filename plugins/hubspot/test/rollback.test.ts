import type { DataRecord, SinkObject } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

type Emulator = Awaited<ReturnType<typeof hubspot>>;

async function open(emulator: Emulator) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  return { ctx, contacts: await connection.object(contactSpec), deals: await connection.object(dealSpec) };
}

/** Every key and record a scan lists, pages joined. */
async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

/** The datong keys of the contacts a deal is associated with, as the emulator holds them. */
function contactsOfDeal(emulator: Emulator, key: string): string[] {
  const deal = emulator.store.findBy('deals', 'datong_key', key)!;
  return [...emulator.store.associated('deals', deal.id, 'contacts').keys()].map((id) => emulator.store.objects.contacts.get(id)!.properties.datong_key!);
}

t.test('contacts: a rollback puts B back field for field, a cleared phone and an unset company included, and archives A', async (t) => {
  const emulator = await hubspot({ seedContacts: 2 });
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const [a, b] = contacts(2, 'rb');
  await sink.write([a!, b!], ctx);
  const imageB = (await sink.readBack!([b!.key])).get(b!.key)!;
  t.equal(imageB.company, null, 'B has no company before the run');

  // The run: B renamed, given a company, its phone cleared.
  await sink.write([{ key: b!.key, record: { ...b!.record, lastname: 'Changed', company: '杭州云栖贸易', phone: null, lifecyclestage: 'evangelist' } }], ctx);
  const changed = emulator.store.findBy('contacts', 'datong_key', b!.key)!;
  t.match(changed.properties, { lastname: 'Changed', company: '杭州云栖贸易' });
  t.notOk('phone' in changed.properties, 'the run cleared the phone');

  // The rollback: B's before-image written back, A's creation undone.
  const aId = emulator.store.findBy('contacts', 'datong_key', a!.key)!.id;
  await sink.write([{ key: b!.key, record: imageB }], ctx);
  await sink.delete!([a!.key]);

  const back = await sink.readBack!([a!.key, b!.key]);
  t.same(back.get(b!.key), imageB, 'B reads back exactly as its before-image');
  const restored = emulator.store.findBy('contacts', 'datong_key', b!.key)!;
  t.equal(restored.properties.phone, b!.record.phone, 'the phone is back');
  t.notOk('company' in restored.properties, 'the company the run set is cleared again (HubSpot clears on "")');
  t.notOk(back.has(a!.key), 'read-back no longer finds A');
  t.equal(emulator.store.objects.contacts.get(aId)?.archived, true, 'A is archived in HubSpot, not erased');
  const listed = await scanned(sink);
  t.same([...listed.keys()], [b!.key], 'scan lists B only: not archived A, not the contacts people made by hand');
  t.same(listed.get(b!.key), imageB, "with read-back's record");
});

t.test('deals: a rollback puts B back on its contact and stage, and archives A', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: people, deals: sink } = await open(emulator);
  const [pat, quinn] = contacts(2, 'buyer');
  await people.write([pat!, quinn!], ctx);
  const [a, b] = deals([pat!.key, pat!.key]);
  await sink.write([a!, b!], ctx);
  const imageB = (await sink.readBack!([b!.key])).get(b!.key)!;
  t.match(imageB, { contact_key: pat!.key, description: null }, "B is Pat's, with no description");

  // The run: an identity merge gives the order to Quinn; it is refunded and loses its close date.
  await sink.write([{ key: b!.key, record: { ...b!.record, contact_key: quinn!.key, dealstage: 'closedlost', description: '已退款 (refunded)', closedate: null } }], ctx);
  t.same(contactsOfDeal(emulator, b!.key), [quinn!.key], 'the run moved B to Quinn');

  const aId = emulator.store.findBy('deals', 'datong_key', a!.key)!.id;
  await sink.write([{ key: b!.key, record: imageB }], ctx);
  await sink.delete!([a!.key]);

  const back = await sink.readBack!([a!.key, b!.key]);
  t.same(back.get(b!.key), imageB, 'B reads back exactly as its before-image');
  t.same(contactsOfDeal(emulator, b!.key), [pat!.key], 'the restore re-associated Pat and took Quinn off');
  const restored = emulator.store.findBy('deals', 'datong_key', b!.key)!;
  t.notOk('description' in restored.properties, 'the description the run set is cleared again');
  t.equal(restored.properties.closedate, b!.record.closedate, 'the close date is back');
  t.notOk(back.has(a!.key), 'read-back no longer finds A');
  t.equal(emulator.store.objects.deals.get(aId)?.archived, true, 'A is archived');
  t.notOk(emulator.store.associations.some((x) => x.fromId === aId || x.toId === aId), "and HubSpot dropped A's association");
  const listed = await scanned(sink);
  t.same([...listed.keys()], [b!.key], 'scan lists B only');
  t.same(listed.get(b!.key), imageB, "with read-back's record, its contact's key included");
});

t.test('deals: a deal that had no contact before the run has none after its rollback', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: people, deals: sink } = await open(emulator);
  const [pat] = contacts(1, 'buyer');
  await people.write([pat!], ctx);
  const walkIn = { key: 'jd:1', record: { deal_key: 'jd:1', dealname: 'A walk-in order', amount: '99.00' } };
  await sink.write([walkIn], ctx);
  const image = (await sink.readBack!([walkIn.key])).get(walkIn.key)!;
  t.equal(image.contact_key, null, 'read-back says the deal has no contact');

  await sink.write([{ key: walkIn.key, record: { ...walkIn.record, contact_key: pat!.key } }], ctx);
  t.same(contactsOfDeal(emulator, walkIn.key), [pat!.key], 'the run gave it Pat');
  await sink.write([{ key: walkIn.key, record: image }], ctx);
  t.same(contactsOfDeal(emulator, walkIn.key), [], 'the restore took Pat off again');
  t.same((await sink.readBack!([walkIn.key])).get(walkIn.key), image);
});

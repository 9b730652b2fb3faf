import t, { type Test } from 'tap';
import { startEmulator, type HubSpotEmulator } from '../emulator/index.js';
import { callEmulator as call } from './helpers/hubspot-fixtures.js';

const merge = (emulator: HubSpotEmulator, body: unknown) => call(emulator, 'POST', '/crm/v3/objects/contacts/merge', body);

/** An account with two contacts of one person (p, s) and three deals: one of each, one of both. */
async function account(t: Test) {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  const property = (type: string, name: string, groupName: string) =>
    call(emulator, 'POST', `/crm/v3/properties/${type}`, { name, label: name, type: 'string', fieldType: 'text', groupName, hasUniqueValue: true });
  await property('contacts', 'datong_key', 'contactinformation');
  await property('contacts', 'member_no', 'contactinformation');
  await property('deals', 'datong_key', 'dealinformation');
  const upsert = async (type: string, id: string, properties: Record<string, string>) =>
    String((await call(emulator, 'POST', `/crm/v3/objects/${type}/batch/upsert`, { inputs: [{ idProperty: 'datong_key', id, properties }] })).body.results[0].id);
  const p = await upsert('contacts', 'p', { email: 'li.na@example.com', firstname: 'Na' });
  const s = await upsert('contacts', 's', { email: 'lina.shop@example.com', firstname: 'Lina', lastname: 'Li', phone: '+8613812345678', member_no: 'M-7' });
  const deals = [await upsert('deals', 'd1', { dealname: 'Order 1' }), await upsert('deals', 'd2', { dealname: 'Order 2' }), await upsert('deals', 'd3', { dealname: 'Order 3' })];
  const link = (deal: string, contact: string) => ({ from: { id: deal }, to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] });
  await call(emulator, 'POST', '/crm/v4/associations/deals/contacts/batch/create', { inputs: [link(deals[0]!, p), link(deals[1]!, s), link(deals[2]!, p), link(deals[2]!, s)] });
  return { emulator, p, s, deals };
}

t.test('merge: refused without both ids, with one id twice, or with an unknown id', async (t) => {
  const { emulator, p, s } = await account(t);
  t.match(await merge(emulator, { primaryObjectId: p }), { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: /objectIdToMerge are required/, correlationId: String } });
  t.match(await merge(emulator, { primaryObjectId: p, objectIdToMerge: p }), { status: 400, body: { category: 'VALIDATION_ERROR', message: /itself/ } });
  t.match(await merge(emulator, { primaryObjectId: p, objectIdToMerge: '999999' }), { status: 404, body: { category: 'OBJECT_NOT_FOUND', context: { ids: ['999999'] } } });
  t.match(await call(emulator, 'POST', '/crm/v3/objects/contacts/merge', { primaryObjectId: p, objectIdToMerge: s }, null), { status: 401 }, 'authenticated like every call');
  t.equal(emulator.store.merges.length, 0, 'nothing was merged');
  t.equal(emulator.store.objects.contacts.size, 2);
});

t.test('merge: a new record with the primary\'s values, the other\'s filling gaps, both associations moved', async (t) => {
  const { emulator, p, s, deals } = await account(t);
  const answer = await merge(emulator, { primaryObjectId: p, objectIdToMerge: s });
  t.equal(answer.status, 200);
  const id = String(answer.body.id);
  t.not(id, p, 'the merged record has a new id');
  t.not(id, s);
  t.match(answer.body, { properties: { email: 'li.na@example.com', firstname: 'Na', lastname: 'Li', hs_object_id: id }, createdAt: String, updatedAt: String, archived: false });

  const merged = emulator.store.objects.contacts.get(id)!;
  t.match(merged.properties, { datong_key: 'p', email: 'li.na@example.com', firstname: 'Na', lastname: 'Li', phone: '+8613812345678', hs_merged_object_ids: `${p};${s}` });
  t.notOk('member_no' in merged.properties, 'a unique property takes the primary\'s value only, even an empty one');

  const listed = (await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=100')).body.results.map((r: any) => r.id);
  t.same(listed, [id], 'the old records are no longer listed');
  const read = await call(emulator, 'POST', '/crm/v3/objects/contacts/batch/read', { idProperty: 'datong_key', inputs: [{ id: 'p' }, { id: 's' }], properties: ['datong_key'] });
  t.match(read.body, { results: [{ id, properties: { datong_key: 'p' } }], errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['s'] } }] }, 'nor found by the absorbed key');
  for (const old of [p, s]) {
    t.match(await call(emulator, 'GET', `/crm/v3/objects/contacts/${old}?properties=datong_key`), { status: 200, body: { id, properties: { datong_key: 'p' } } }, `GET by the old id ${old} answers the merged record`);
  }

  t.same([...emulator.store.associated('contacts', id, 'deals').keys()].sort(), [...deals].sort(), 'every deal of both is associated with the merged record');
  t.equal(emulator.store.associations.length, 3, 'the deal of both is associated once');
  const fromDeal = await call(emulator, 'POST', '/crm/v4/associations/deals/contacts/batch/read', { inputs: [{ id: deals[1] }] });
  t.match(fromDeal.body.results, [{ to: [{ toObjectId: Number(id), associationTypes: [{ typeId: 3 }] }] }], 'seen from the deal too');

  const dump = (await call(emulator, 'POST', '/_emulator/dump')).body;
  t.same(dump.merges, [{ type: 'contacts', primary: p, merged: s, result: id }], 'the dump lists the merge');
  t.same(dump.contacts.map((c: any) => c.id), [id], 'and one contact');
  t.match(await merge(emulator, { primaryObjectId: p, objectIdToMerge: s }), { status: 400, body: { message: /same contacts record/ } }, 'the two old ids now name one record');
});

t.test('PATCH an object: the checks of an upsert, by id (old ids too) or by a unique property', async (t) => {
  const { emulator, p, s } = await account(t);
  const patch = (path: string, body: unknown) => call(emulator, 'PATCH', `/crm/v3/objects/contacts/${path}`, body);
  const ok = await patch(p, { properties: { firstname: 'Nana', phone: '' } });
  t.match(ok, { status: 200, body: { id: p, properties: { firstname: 'Nana' } } });
  t.equal(emulator.store.objects.contacts.get(p)!.properties.firstname, 'Nana');
  t.match(await patch('s?idProperty=datong_key', { properties: { datong_key: 's2' } }), { status: 200, body: { id: s, properties: { datong_key: 's2' } } }, 'by a unique property');

  t.match(await patch(p, { properties: { favourite_colour: 'blue' } }), { status: 400, body: { category: 'VALIDATION_ERROR', errors: [{ code: 'PROPERTY_DOESNT_EXIST' }] } });
  t.match(await patch(p, { properties: { hs_merged_object_ids: '1' } }), { status: 400, body: { errors: [{ code: 'READ_ONLY_VALUE' }] } });
  t.match(await patch(p, { properties: { email: 'bad@example' } }), { status: 400, body: { message: /INVALID_EMAIL/ } });
  t.match(await patch(p, { properties: { datong_key: 's2' } }), { status: 400, body: { errors: [{ code: 'DUPLICATE_VALUE' }] } }, 'a unique value another record holds');
  t.match(await patch(p, { firstname: 'no properties object' }), { status: 400, body: { category: 'VALIDATION_ERROR' } });
  t.match(await patch('999999', { properties: {} }), { status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
  t.match(await patch('x?idProperty=firstname', { properties: {} }), { status: 400, body: { message: /not a unique property/ } });
  t.equal(emulator.store.objects.contacts.get(p)!.properties.datong_key, 'p', 'a refused PATCH changes nothing');

  const merged = String((await merge(emulator, { primaryObjectId: p, objectIdToMerge: s })).body.id);
  t.match(await patch(s, { properties: { city: 'Hangzhou' } }), { status: 200, body: { id: merged } }, 'an old id updates the merged record');
  t.equal(emulator.store.objects.contacts.get(merged)!.properties.city, 'Hangzhou');
});

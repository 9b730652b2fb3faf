import { DatongError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, datongRecords, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

async function open(emulator: Awaited<ReturnType<typeof hubspot>>) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  return { ctx, contacts: await connection.object(contactSpec), deals: await connection.object(dealSpec) };
}

/** The paths of the calls made after the first `since` of the log. */
const pathsSince = (emulator: Awaited<ReturnType<typeof hubspot>>, since: number) => emulator.kit.requests.slice(since).map((r) => `${r.method} ${r.path}`);

t.test('two contacts of one person: one contact is left, under the survivor\'s key, holding the deals of both', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: contactSink, deals: dealSink } = await open(emulator);
  const [survivor, absorbed] = contacts(2);
  // The survivor has no phone: the merge fills it from the absorbed contact.
  await contactSink.write([{ key: survivor!.key, record: { ...survivor!.record, phone: null } }, absorbed!], ctx);
  const orders = deals([survivor!.key, absorbed!.key]);
  await dealSink.write(orders, ctx);
  const oldIds = [survivor!.key, absorbed!.key].map((key) => emulator.store.findBy('contacts', 'datong_key', key)!.id);

  t.equal(await contactSink.merge!(survivor!.key, absorbed!.key), 'merged');
  const left = datongRecords(emulator, 'contacts');
  t.equal(left.length, 1, 'one contact');
  const merged = left[0]!;
  t.equal(merged.properties.datong_key, survivor!.key, 'under the survivor\'s key');
  t.equal(merged.properties.email, survivor!.record.email, 'the survivor\'s e-mail address is kept');
  t.equal(merged.properties.firstname, survivor!.record.firstname, 'and its other values');
  t.equal(merged.properties.phone, absorbed!.record.phone, 'a field the survivor left empty is filled from the absorbed contact');
  const dealIds = orders.map((o) => emulator.store.findBy('deals', 'datong_key', o.key)!.id);
  t.same([...emulator.store.associated('contacts', merged.id, 'deals').keys()].sort(), dealIds.sort(), 'both deals are associated with it');
  const back = await dealSink.readBack!(orders.map((o) => o.key));
  t.same(orders.map((o) => back.get(o.key)?.contact_key), [survivor!.key, survivor!.key], 'and read back as the survivor\'s');
  t.same(emulator.store.merges, [{ type: 'contacts', primary: oldIds[0], merged: oldIds[1], result: merged.id }], 'the survivor was the primary');

  const before = JSON.stringify(emulator.store.dump());
  const since = emulator.kit.requests.length;
  t.equal(await contactSink.merge!(survivor!.key, absorbed!.key), 'absent', 'merged again (after a crash): nothing left to do');
  t.equal(JSON.stringify(emulator.store.dump()), before, 'nothing changes');
  t.same(pathsSince(emulator, since), ['POST /crm/v3/objects/contacts/batch/read'], 'one read, nothing written');
});

t.test('only the absorbed contact exists: it takes the survivor\'s key, and a write under that key updates it', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const [survivor, absorbed] = contacts(2);
  await sink.write([absorbed!], ctx);
  const id = emulator.store.findBy('contacts', 'datong_key', absorbed!.key)!.id;

  t.equal(await sink.merge!(survivor!.key, absorbed!.key), 'rekeyed');
  t.equal(emulator.store.findBy('contacts', 'datong_key', survivor!.key)?.id, id, 'the contact now carries the survivor\'s key');
  t.notOk(emulator.store.findBy('contacts', 'datong_key', absorbed!.key), 'and no longer the absorbed one');

  const results = (await sink.write([survivor!], ctx)) ?? [];
  t.equal(results[0]!.sinkId, id, 'the write under the survivor\'s key updated that contact');
  t.equal(datongRecords(emulator, 'contacts').length, 1, 'no second contact');
  t.equal(emulator.store.objects.contacts.get(id)!.properties.email, survivor!.record.email);
  t.equal(await sink.merge!(survivor!.key, absorbed!.key), 'absent', 'redone, it finds nothing to do');
});

t.test('the absorbed contact is absent: nothing happens, and only the read is sent', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  let since = emulator.kit.requests.length;
  t.equal(await sink.merge!('nobody-1', 'nobody-2'), 'absent', 'neither exists');
  t.same(pathsSince(emulator, since), ['POST /crm/v3/objects/contacts/batch/read']);

  const [survivor] = contacts(1);
  await sink.write([survivor!], ctx);
  const before = JSON.stringify(emulator.store.dump());
  since = emulator.kit.requests.length;
  t.equal(await sink.merge!(survivor!.key, 'nobody-2'), 'absent', 'only the survivor exists');
  t.equal(JSON.stringify(emulator.store.dump()), before, 'it is left as it was');
  t.same(pathsSince(emulator, since), ['POST /crm/v3/objects/contacts/batch/read']);

  const error = await sink.merge!(survivor!.key, survivor!.key).catch((e: unknown) => e);
  t.match(error, DatongError, 'a key merged into itself is a caller\'s mistake');
  t.match(error, { code: 'MERGE_SAME_KEY' });
});

t.test('a 429 on the merge is waited out and the merge sent again', async (t) => {
  const emulator = await hubspot({ settings: { intervalMs: 500 } });
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const [survivor, absorbed] = contacts(2);
  await sink.write([survivor!, absorbed!], ctx);
  // The read goes through; the merge after it is answered 429 once.
  emulator.kit.setFaults({ rateLimitAfter: 1, rateLimitCalls: 1 });

  t.equal(await sink.merge!(survivor!.key, absorbed!.key), 'merged');
  const merges = emulator.kit.requests.filter((r) => r.path === '/crm/v3/objects/contacts/merge');
  t.same(merges.map((r) => r.status), [429, 200], 'refused once, then merged');
  t.equal(datongRecords(emulator, 'contacts').length, 1);
  t.equal(emulator.store.merges.length, 1, 'merged once');
});

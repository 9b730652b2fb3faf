import { ConfigError, DatongError, type DataRecord, type SinkObject } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { callEmulator, contacts, contactSpec, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

type Emulator = Awaited<ReturnType<typeof hubspot>>;

/** Opens both objects, as a dry run or a reconciliation does when `readOnly` is set. */
async function open(emulator: Emulator, readOnly: boolean) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  return {
    ctx,
    contacts: await connection.object({ ...contactSpec, readOnly }),
    deals: await connection.object({ ...dealSpec, readOnly }),
  };
}

/** Every key and record a scan lists, pages joined. */
async function scanned(object: SinkObject): Promise<Map<string, DataRecord>> {
  const out = new Map<string, DataRecord>();
  for await (const page of object.scan!()) for (const { key, record } of page) out.set(key, record);
  return out;
}

/** The account as plain data: records, associations and property definitions. */
const snapshot = (emulator: Emulator) => structuredClone(emulator.store.dump());
const callsSince = (emulator: Emulator, since: number) => emulator.kit.requests.slice(since).map((r) => `${r.method} ${r.path}`);

t.test('a fresh portal opened read-only: no property is created, and contacts and deals hold nothing', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const before = snapshot(emulator);
  const { ctx, contacts: people, deals: orders } = await open(emulator, true);

  t.same((await people.readBack!(['person-1', 'person-2'])).size, 0, 'read-back of contacts finds nothing');
  t.same((await orders.readBack!(['tmall:100000'])).size, 0, 'nor of deals');
  t.same([...(await scanned(people)).keys()], [], 'scan finds no contact');
  t.same([...(await scanned(orders)).keys()], [], 'nor any deal');

  t.same(snapshot(emulator).properties, before.properties, 'the property lists are unchanged: no datong_key, datong_tier or datong_tags');
  t.same(snapshot(emulator), before, 'nothing else changed either');
  t.same(callsSince(emulator, 0), ['GET /crm/v3/properties/contacts', 'GET /crm/v3/properties/deals'], 'only the property lists were read: no call names a property that does not exist');
  t.ok(ctx.messages.some((m) => m.level === 'info' && /contacts opened read-only: datong_key, datong_tier, datong_tags not created/.test(m.message)), 'what a run would create is logged');
});

t.test('write, delete and merge on a read-only object throw a clear error and send nothing', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: people, deals: orders } = await open(emulator, true);
  const since = emulator.kit.requests.length;
  const before = snapshot(emulator);

  const refusals = [
    ['write contacts', () => people.write(contacts(2), ctx)],
    ['write deals', () => orders.write(deals(['person-1']), ctx)],
    ['delete', () => people.delete!(['person-1'])],
    ['merge', () => people.merge!('person-1', 'person-2')],
  ] as const;
  for (const [what, call] of refusals) {
    const error = await call().then(() => undefined, (e: unknown) => e);
    t.ok(error instanceof DatongError && error.code === 'SINK_READ_ONLY', `${what} is refused with SINK_READ_ONLY`);
    t.match((error as Error).message, /opened read-only \(a dry run or a reconciliation\): (write|delete|merge) is refused and nothing was sent/);
  }
  t.same(callsSince(emulator, since), [], 'no call reached HubSpot');
  t.same(snapshot(emulator), before, 'and the account is unchanged');
});

t.test('after a normal write, a read-only object reads back and scans the same records as a normal one, changing nothing', async (t) => {
  const emulator = await hubspot({ seedContacts: 2 });
  t.teardown(() => emulator.close());
  const normal = await open(emulator, false);
  const people = contacts(5);
  const tagged = { key: people[0]!.key, record: { ...people[0]!.record, datong_tier: 'gold', datong_tags: ['vip', '新客'] } };
  await normal.contacts.write([tagged, ...people.slice(1)], normal.ctx);
  const orders = deals(people.slice(0, 3).map((p) => p.key));
  await normal.deals.write(orders, normal.ctx);

  const before = snapshot(emulator);
  const since = emulator.kit.requests.length;
  const readOnly = await open(emulator, true);
  const contactKeys = [...people.map((p) => p.key), 'person-absent'];
  const dealKeys = orders.map((o) => o.key);
  const back = await readOnly.contacts.readBack!(contactKeys);
  t.same(back, await normal.contacts.readBack!(contactKeys), 'contacts read back alike');
  t.same(back.get(tagged.key), { ...(await normal.contacts.readBack!([tagged.key])).get(tagged.key), datong_tier: 'gold', datong_tags: ['vip', '新客'] }, 'tier and tags included');
  t.same(await readOnly.deals.readBack!(dealKeys), await normal.deals.readBack!(dealKeys), 'deals alike, each with its contact key');
  t.same(await scanned(readOnly.contacts), await scanned(normal.contacts), 'contacts scan alike');
  t.same(await scanned(readOnly.deals), await scanned(normal.deals), 'deals scan alike');
  t.same(snapshot(emulator), before, 'the account is unchanged');
  t.notOk(emulator.kit.requests.slice(since).some((r) => r.method !== 'GET' && !r.path.endsWith('/batch/read')), 'only reads were sent');
});

t.test('an account with the key property but not the tier and tags reads them back as empty, creating neither', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  // An older datong created only the key property, and wrote one contact by it.
  const property = { name: 'datong_key', label: 'datong key', type: 'string', fieldType: 'text', groupName: 'contactinformation', hasUniqueValue: true };
  t.equal((await callEmulator(emulator, 'POST', '/crm/v3/properties/contacts', property)).status, 201);
  const [person] = contacts(1);
  const properties = Object.fromEntries(Object.entries(person!.record).filter(([field]) => field !== 'contact_key'));
  const upsert = await callEmulator(emulator, 'POST', '/crm/v3/objects/contacts/batch/upsert', { inputs: [{ idProperty: 'datong_key', id: person!.key, properties }] });
  t.equal(upsert.status, 200);

  const before = snapshot(emulator);
  const { contacts: sink } = await open(emulator, true);
  const back = (await sink.readBack!([person!.key])).get(person!.key);
  t.match(back, { contact_key: person!.key, email: person!.record.email, datong_tier: null, datong_tags: null }, 'the contact, tier and tags empty as a run would first read them');
  t.same([...(await scanned(sink)).values()], [back], 'scan lists it alike');
  t.same(snapshot(emulator).properties, before.properties, 'datong_tier and datong_tags are not created');
});

t.test('a field HubSpot lacks is the same config error read-only as it is for a run', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const connection = await plugin.sink!.open(tokenConfig(emulator), testContext());
  const schema = { ...contactSpec.schema, properties: { ...(contactSpec.schema.properties as object), wechat_id: { type: 'string' } } };
  const error = await connection.object({ ...contactSpec, schema, readOnly: true }).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof ConfigError, 'a ConfigError');
  t.match((error as ConfigError).problems, [{ pointer: '/objects/contacts', message: /have no property wechat_id/ }], 'naming the field, not datong\'s own properties');
  t.same(emulator.store.dump().properties.contacts.filter((p) => p.name.startsWith('datong_')), [], 'and nothing is created');
});

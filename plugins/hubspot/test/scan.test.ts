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

/** Scans the object: its pages' sizes, its records by key, and the calls it made (method and path). */
async function scan(emulator: Emulator, object: SinkObject) {
  const from = emulator.kit.requests.length;
  const pages: number[] = [];
  const records = new Map<string, DataRecord>();
  for await (const page of object.scan!()) {
    pages.push(page.length);
    for (const { key, record } of page) records.set(key, record);
  }
  const calls = emulator.kit.requests.slice(from);
  return { pages, records, calls: calls.map((c) => `${c.method} ${c.path}`), lists: calls.filter((c) => c.method === 'GET') };
}

const sorted = (records: Map<string, DataRecord>) => [...records].sort(([a], [b]) => a.localeCompare(b));

t.test('contacts: scan pages through every live contact with a datong key, 100 a call, in read-back\'s shape', async (t) => {
  const emulator = await hubspot({ seedContacts: 3 });
  t.teardown(() => emulator.close());
  const { ctx, contacts: sink } = await open(emulator);
  const people = contacts(250);
  await sink.write(people, ctx);
  const gone = people.slice(0, 10).map((p) => p.key);
  await sink.delete!(gone);

  const result = await scan(emulator, sink);
  const kept = people.slice(10).map((p) => p.key);
  t.same([...result.records.keys()].sort(), [...kept].sort(), 'the 240 contacts datong holds: not the 10 archived, not the 3 people made by hand');
  t.equal(result.lists.length, 3, '243 live contacts: three list calls of at most 100');
  t.same(result.calls, Array(3).fill('GET /crm/v3/objects/contacts'), 'and nothing else');
  t.match(result.lists[0]!.query, { limit: '100', archived: 'false', properties: /(^|,)datong_key(,|$)/ });
  t.equal(result.pages.reduce((a, b) => a + b, 0), 240, 'each key in one page only');
  t.same(sorted(result.records), sorted(await sink.readBack!(kept)), 'each record as read-back gives it');
});

t.test('deals: scan gives each deal its contact\'s key, at three calls a page', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const { ctx, contacts: people, deals: sink } = await open(emulator);
  const buyers = contacts(150);
  await people.write(buyers, ctx);
  const orders = deals(buyers.map((b) => b.key));
  await sink.write(orders, ctx);

  const result = await scan(emulator, sink);
  t.same(result.pages, [100, 50]);
  t.same(
    sorted(new Map([...result.records].map(([key, record]) => [key, { contact_key: record.contact_key }]))),
    sorted(new Map(orders.map((o) => [o.key, { contact_key: o.record.contact_key }]))),
    'every deal, with the key of the contact it belongs to',
  );
  t.same(result.calls, [
    'GET /crm/v3/objects/deals',
    'POST /crm/v4/associations/deals/contacts/batch/read',
    'POST /crm/v3/objects/contacts/batch/read',
    'GET /crm/v3/objects/deals',
    'POST /crm/v4/associations/deals/contacts/batch/read',
    'POST /crm/v3/objects/contacts/batch/read',
  ], 'a list call, then the page\'s associations and their contacts\' keys');
  t.same(sorted(result.records), sorted(await sink.readBack!(orders.map((o) => o.key))), 'each record as read-back gives it');
});

t.test('an empty account scans to nothing in one call', async (t) => {
  const emulator = await hubspot({ seedContacts: 2 });
  t.teardown(() => emulator.close());
  const { contacts: sink } = await open(emulator);
  const result = await scan(emulator, sink);
  t.same(result.pages, [], 'no page: the two contacts people made have no datong key');
  t.equal(result.lists.length, 1);
});

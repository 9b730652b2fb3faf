import { ConfigError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

type Emulator = Awaited<ReturnType<typeof hubspot>>;

/** The names of the properties created on a type, in the order they were. */
const created = (emulator: Emulator, type: string) =>
  emulator.kit.requests.filter((r) => r.method === 'POST' && r.path === `/crm/v3/properties/${type}` && r.status === 201).map((r) => (r.body as { name: string }).name);

t.test('datong_tier and datong_tags are created on the first open of contacts, and only then', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  t.notOk(emulator.store.properties.contacts.has('datong_tier'), 'a fresh account has no datong_tier');
  t.notOk(emulator.store.properties.contacts.has('datong_tags'), 'nor datong_tags');
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  await connection.object(contactSpec);
  await connection.object(dealSpec);
  t.same(created(emulator, 'contacts'), ['datong_key', 'datong_tier', 'datong_tags']);
  t.same(created(emulator, 'deals'), ['datong_key'], 'deals get the key property only');
  for (const name of ['datong_tier', 'datong_tags']) {
    t.match(emulator.store.properties.contacts.get(name), { type: 'string', fieldType: 'text', hasUniqueValue: false, groupName: 'contactinformation' }, `${name} is a plain text property`);
  }
  t.ok(ctx.messages.some((m) => m.level === 'info' && /created the property datong_tags on contacts/.test(m.message)), 'the creation is logged');

  const again = await plugin.sink!.open(tokenConfig(emulator), testContext());
  await again.object(contactSpec);
  t.equal(created(emulator, 'contacts').length, 3, 'a second open creates nothing');
});

t.test('tier and tags are written as text and read back typed: the tags as an array, in their order', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object(contactSpec);
  const [person, other] = contacts(2);
  const tagged = { key: person!.key, record: { ...person!.record, datong_tier: 'gold', datong_tags: ['vip', '新客', 'repeat-buyer'] } };
  const results = (await sink.write([tagged, other!], ctx)) ?? [];
  t.ok(results.every((r) => r.error === undefined), 'written');
  const stored = emulator.store.findBy('contacts', 'datong_key', person!.key)!;
  t.equal(stored.properties.datong_tier, 'gold');
  t.equal(stored.properties.datong_tags, 'vip;新客;repeat-buyer', 'the tags are kept ;-joined');

  const back = await sink.readBack!([person!.key, other!.key]);
  t.equal(back.get(person!.key)?.datong_tier, 'gold', 'the tier reads back as text');
  t.same(back.get(person!.key)?.datong_tags, ['vip', '新客', 'repeat-buyer'], 'the tags read back as an array, in order');
  t.match(back.get(other!.key), { datong_tier: null, datong_tags: null }, 'unset ones read back as null, so a rollback clears them');

  await sink.write([{ key: person!.key, record: { ...tagged.record, datong_tier: null, datong_tags: [] } }], ctx);
  t.notOk('datong_tags' in emulator.store.findBy('contacts', 'datong_key', person!.key)!.properties, 'no tags clear the property');
  t.match((await sink.readBack!([person!.key])).get(person!.key), { datong_tier: null, datong_tags: null });
});

t.test('a datong_tags property someone made otherwise is refused at open, and nothing is created', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  await fetch(`${emulator.url}/crm/v3/properties/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'datong_tags', label: 'Tags', type: 'enumeration', fieldType: 'checkbox', groupName: 'contactinformation', options: [{ label: 'VIP', value: 'vip' }] }),
  });
  const connection = await plugin.sink!.open(tokenConfig(emulator), testContext());
  const error = await connection.object(contactSpec).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof ConfigError, 'a ConfigError');
  t.match((error as ConfigError).problems, [{ pointer: '/objects/contacts', message: /datong_tags exists but is not a writable, non-unique text property \(type enumeration.*rename or delete that property/ }]);
  t.same(created(emulator, 'contacts'), ['datong_tags'], 'only the one made by hand: the sink created nothing');
});

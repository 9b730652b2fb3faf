import { readFile } from 'node:fs/promises';
import { ConfigError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, hubspot, oauthConfig, tokenConfig } from './helpers/hubspot-fixtures.js';

const readJson = async (path: string) => JSON.parse(await readFile(new URL(`../${path}`, import.meta.url), 'utf8')) as Record<string, any>;

async function refusal(promise: Promise<unknown>): Promise<ConfigError | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => (e instanceof ConfigError ? e : Promise.reject(e)),
  );
}

t.test('the config schema marks every credential secret and refuses half an OAuth setup', async (t) => {
  const schema = await readJson('contracts/sink-config.schema.json');
  for (const field of ['accessToken', 'clientSecret', 'refreshToken']) t.equal(schema.properties[field]['x-secret'], true, `${field} is x-secret`);
  t.notOk(schema.properties.clientId['x-secret'], 'a client id is no secret');
  const ajv = new Ajv2020({ strict: true });
  ajv.addKeyword({ keyword: 'x-secret' });
  const validate = ajv.compile(schema);
  t.ok(validate({ accessToken: 'pat-na1-x' }));
  t.notOk(validate({ clientId: 'id', refreshToken: 'r' }), 'clientId without clientSecret');
  t.notOk(validate({ accessToken: 'pat', idProperty: 'Datong Key' }), 'a property name HubSpot would refuse');
});

t.test('open() refuses credentials that are not exactly one way to authenticate', async (t) => {
  const open = (config: Record<string, unknown>) => refusal(plugin.sink!.open(config, testContext()));
  t.match((await open({}))?.message, /no credentials: give accessToken/);
  t.match((await open({ accessToken: 'pat', clientId: 'c', clientSecret: 's', refreshToken: 'r' }))?.message, /either accessToken .* not both/);
  t.match((await open({ clientId: 'c' }))?.message, /clientSecret and refreshToken missing/);
  t.equal(await open({ accessToken: 'pat' }), undefined, 'a token alone is enough');
});

t.test('object() refuses what HubSpot cannot hold, before any record is sent', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const connection = await plugin.sink!.open(tokenConfig(emulator), testContext());
  t.match((await refusal(connection.object({ ...contactSpec, name: 'companies' })))?.message, /writes contacts and deals, not companies/);
  const withFields = (extra: Record<string, unknown>) => ({ ...contactSpec, schema: { ...contactSpec.schema, properties: { ...(contactSpec.schema.properties as object), ...extra } } });
  const unknown = await refusal(connection.object(withFields({ favourite_colour: { type: 'string' }, shoe_size: { type: 'integer' } })));
  t.match(unknown?.message, /HubSpot contacts have no properties favourite_colour, shoe_size: create them in HubSpot/);
  t.match((await refusal(connection.object(withFields({ createdate: { type: 'string' } }))))?.message, /computes createdate of contacts itself/);
  t.equal(emulator.kit.requests.filter((r) => r.path.includes('batch/upsert')).length, 0, 'nothing was written');
});

t.test('an existing idProperty that is not unique is refused; another idProperty can be chosen', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  await fetch(`${emulator.url}/crm/v3/properties/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.credentials.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'datong_key', label: 'not unique', type: 'string', fieldType: 'text', groupName: 'contactinformation' }),
  });
  const plain = await plugin.sink!.open(tokenConfig(emulator), ctx);
  t.match((await refusal(plain.object(contactSpec)))?.message, /datong_key exists but is not a unique text property/);

  const custom = await plugin.sink!.open(oauthConfig(emulator, { idProperty: 'shop_person_key' }), ctx);
  const sink = await custom.object(contactSpec);
  await sink.write(contacts(2), ctx);
  t.ok(emulator.store.findBy('contacts', 'shop_person_key', 'person-2'), 'records carry the key in the chosen property');
});

t.test('a record field HubSpot does not know, outside the schema, is skipped with one warning', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object(contactSpec);
  const batch = contacts(3).map((w) => ({ key: w.key, record: { ...w.record, loyalty_tier: 'gold' } }));
  const results = (await sink.write(batch, ctx)) ?? [];
  t.ok(results.every((r) => r.error === undefined), 'the records are written');
  t.equal(ctx.messages.filter((m) => /loyalty_tier/.test(m.message)).length, 1, 'one warning names the field');
});

t.test('a stage with a map and no model passes its source schema: the sink goes by its own contract', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  // What the engine passes for `from: shop.customers, map: ..., key: [contact_key]` without `model:`.
  const shopCustomer = { type: 'object', properties: { id: { type: 'integer' }, first_name: { type: 'string' }, default_address: { type: 'object' } } };
  const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object({ name: 'contacts', schema: shopCustomer, key: ['contact_key'] });
  const [person] = contacts(1);
  const results = (await sink.write([person!], ctx)) ?? [];
  t.equal(results[0]!.error, undefined, 'the mapped record is written');
  const back = (await sink.readBack!([person!.key])).get(person!.key);
  t.match(back, person!.record, 'and read back by the contact contract');
});

import t from 'tap';
import emulatorModule, { startEmulator, type HubSpotEmulator } from '../emulator/index.js';
import { callEmulator as call } from './helpers/hubspot-fixtures.js';

const upsert = (emulator: HubSpotEmulator, type: string, inputs: unknown[]) => call(emulator, 'POST', `/crm/v3/objects/${type}/batch/upsert`, { inputs });

async function withKeyProperty(emulator: HubSpotEmulator, type: string): Promise<void> {
  const groupName = type === 'contacts' ? 'contactinformation' : 'dealinformation';
  await call(emulator, 'POST', `/crm/v3/properties/${type}`, { name: 'datong_key', label: 'datong key', type: 'string', fieldType: 'text', groupName, hasUniqueValue: true });
}

t.test('the module is what `datong emulate hubspot` loads', async (t) => {
  t.equal(emulatorModule.platform, 'hubspot');
  const emulator = await emulatorModule.startEmulator({ seed: 3 });
  t.teardown(() => emulator.close());
  t.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(emulator.credentials, { accessToken: /^pat-na1-/, clientId: String, clientSecret: String, refreshToken: /^na1-/ });
  const again = await startEmulator({ seed: 3 });
  t.teardown(() => again.close());
  t.same(again.credentials, emulator.credentials, 'the same seed gives the same credentials');
  const dump = (await call(again, 'POST', '/_emulator/dump')).body;
  t.equal(dump.contacts.length, 3, 'three contacts people made by hand, before datong');
  t.ok(dump.contacts.every((c: any) => c.properties.email && c.properties.datong_key === undefined));
});

t.test('authentication: HubSpot\'s 401 bodies, and rate-limit headers on every answer', async (t) => {
  const emulator = await startEmulator();
  t.teardown(() => emulator.close());
  const none = await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1', undefined, null);
  t.equal(none.status, 401);
  t.match(none.body, { status: 'error', category: 'INVALID_AUTHENTICATION', message: /^Authentication credentials not found/, correlationId: String });
  const ok = await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1');
  t.equal(ok.status, 200);
  t.equal(ok.body.results.length, 1);
  t.ok(ok.body.paging.next.after, 'a next page is offered');
  t.match(ok.headers, {
    'x-hubspot-ratelimit-daily': '250000',
    'x-hubspot-ratelimit-daily-remaining': '249999',
    'x-hubspot-ratelimit-interval-milliseconds': '10000',
    'x-hubspot-ratelimit-max': '100',
    'x-hubspot-ratelimit-remaining': '99',
  });
});

t.test('batch upsert validates each input the way HubSpot does', async (t) => {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  await withKeyProperty(emulator, 'contacts');
  await withKeyProperty(emulator, 'deals');
  const input = (id: string, properties: Record<string, unknown>) => ({ idProperty: 'datong_key', id, properties });

  const contacts = await upsert(emulator, 'contacts', [
    input('a', { email: 'ann@example.com', firstname: 'Ann' }),
    input('b', { email: 'bob@example' }),
    input('c', { favourite_colour: 'blue' }),
    input('d', { lifecyclestage: 'vip' }),
    input('e', { hs_object_id: '1' }),
  ]);
  t.equal(contacts.status, 207, 'some inputs failed: 207 Multi-Status');
  t.equal(contacts.body.numErrors, 4);
  t.match(contacts.body.results, [{ id: String, new: true, properties: { email: 'ann@example.com', datong_key: 'a', hs_object_id: String } }]);
  const byId = Object.fromEntries(contacts.body.errors.map((e: any) => [e.context.ids[0], e]));
  t.match(byId.b, { category: 'VALIDATION_ERROR', message: /INVALID_EMAIL/ });
  t.match(byId.c.message, /Property values were not valid: .*"error":"PROPERTY_DOESNT_EXIST","name":"favourite_colour"/);
  t.match(byId.d.errors, [{ code: 'INVALID_OPTION' }]);
  t.match(byId.e.errors, [{ code: 'READ_ONLY_VALUE' }]);

  const deals = await upsert(emulator, 'deals', [
    input('x', { dealname: 'Fine', amount: '129.90', dealstage: 'closedwon', closedate: '2025-03-01T08:30:00Z' }),
    input('y', { dealname: 'Bad stage', dealstage: 'shipped' }),
    input('z', { dealname: 'Bad amount', amount: 'twelve' }),
  ]);
  t.equal(deals.body.results.length, 1);
  t.equal(deals.body.results[0].properties.closedate, '2025-03-01T08:30:00.000Z', 'a datetime is stored as HubSpot prints it');
  t.match(deals.body.errors.map((e: any) => e.errors[0].code).sort(), ['INVALID_FLOAT', 'INVALID_OPTION']);

  const updated = await upsert(emulator, 'contacts', [input('a', { firstname: 'Anne', email: '' })]);
  t.equal(updated.status, 200);
  t.equal(updated.body.results[0].new, false, 'the same id updates');
  const stored = emulator.store.findBy('contacts', 'datong_key', 'a')!;
  t.equal(stored.properties.firstname, 'Anne');
  t.notOk('email' in stored.properties, 'an empty string clears a property');
});

t.test('batch requests HubSpot refuses whole', async (t) => {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  await withKeyProperty(emulator, 'contacts');
  const many = Array.from({ length: 101 }, (_, i) => ({ idProperty: 'datong_key', id: `k${i}`, properties: {} }));
  const tooMany = await upsert(emulator, 'contacts', many);
  t.equal(tooMany.status, 400, 'more than 100 inputs');
  t.match(tooMany.body, { category: 'VALIDATION_ERROR', message: /at most 100/ });
  const twice = await upsert(emulator, 'contacts', [many[0], many[0]]);
  t.match(twice, { status: 400, body: { message: /Duplicate IDs/ } });
  const byName = await upsert(emulator, 'contacts', [{ idProperty: 'firstname', id: 'Ann', properties: {} }]);
  t.match(byName, { status: 400, body: { message: /non-unique 0-1 property: firstname/ } });
  const unknown = await upsert(emulator, 'tickets', []);
  t.match(unknown, { status: 400, body: { message: /Unable to infer object type from: tickets/ } });

  emulator.settings.partialErrors = '400-whole-batch';
  const mixed = await upsert(emulator, 'contacts', [{ idProperty: 'datong_key', id: 'ok', properties: { firstname: 'Ok' } }, { idProperty: 'datong_key', id: 'bad', properties: { email: 'nope' } }]);
  t.match(mixed, { status: 400, body: { category: 'VALIDATION_ERROR', message: /INVALID_EMAIL/ } });
  t.notOk(emulator.store.findBy('contacts', 'datong_key', 'ok'), 'in 400-whole-batch mode nothing of the batch is written');
});

t.test('properties: get, create, and unique values enforced', async (t) => {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  const missing = await call(emulator, 'GET', '/crm/v3/properties/contacts/datong_key');
  t.match(missing, { status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
  const definition = { name: 'member_no', label: 'Member no', type: 'string', fieldType: 'text', groupName: 'contactinformation', hasUniqueValue: true };
  t.equal((await call(emulator, 'POST', '/crm/v3/properties/contacts', definition)).status, 201);
  t.match(await call(emulator, 'POST', '/crm/v3/properties/contacts', definition), { status: 409, body: { category: 'OBJECT_ALREADY_EXISTS' } });
  t.match(await call(emulator, 'POST', '/crm/v3/properties/contacts', { ...definition, name: 'x', groupName: 'nowhere' }), { status: 400 });
  t.match((await call(emulator, 'GET', '/crm/v3/properties/contacts/member_no')).body, { hasUniqueValue: true });
  t.ok((await call(emulator, 'GET', '/crm/v3/properties/deals')).body.results.some((p: any) => p.name === 'dealstage'));

  const first = await upsert(emulator, 'contacts', [{ idProperty: 'member_no', id: 'M1', properties: { email: 'one@example.com' } }]);
  t.equal(first.status, 200, 'upsert by any unique property creates');
  const clash = await upsert(emulator, 'contacts', [{ idProperty: 'member_no', id: 'M2', properties: { email: 'one@example.com' } }]);
  t.match(clash.body.errors, [{ errors: [{ code: 'DUPLICATE_VALUE' }] }], 'a unique value held by another record is refused');
});

t.test('batch read and archive', async (t) => {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  await withKeyProperty(emulator, 'contacts');
  const created = await upsert(emulator, 'contacts', [{ idProperty: 'datong_key', id: 'a', properties: { firstname: 'Ann' } }]);
  const read = await call(emulator, 'POST', '/crm/v3/objects/contacts/batch/read', { idProperty: 'datong_key', inputs: [{ id: 'a' }, { id: 'zz' }], properties: ['firstname', 'phone', 'datong_key'] });
  t.equal(read.status, 207, 'a missing id makes it a 207');
  t.match(read.body.results, [{ properties: { firstname: 'Ann', phone: null, datong_key: 'a' } }], 'asked-for properties without a value come as null');
  t.match(read.body.errors, [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['zz'] } }]);
  const archived = await call(emulator, 'POST', '/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: created.body.results[0].id }] });
  t.equal(archived.status, 204);
  const after = await call(emulator, 'POST', '/crm/v3/objects/contacts/batch/read', { idProperty: 'datong_key', inputs: [{ id: 'a' }], properties: [] });
  t.equal(after.body.results.length, 0, 'an archived record is no longer read');
  const live = await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=100&properties=datong_key');
  t.same(live.body.results, [], 'nor listed');
  const gone = await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=100&properties=datong_key&archived=true');
  t.match(gone.body.results, [{ id: created.body.results[0].id, archived: true, properties: { datong_key: 'a' } }], 'archived=true lists the archived records only');
});

t.test('v4 associations: created once however often asked, read both ways, gone with the deal', async (t) => {
  const emulator = await startEmulator({ seedContacts: 0 });
  t.teardown(() => emulator.close());
  await withKeyProperty(emulator, 'contacts');
  await withKeyProperty(emulator, 'deals');
  const contact = (await upsert(emulator, 'contacts', [{ idProperty: 'datong_key', id: 'p', properties: {} }])).body.results[0].id;
  const deal = (await upsert(emulator, 'deals', [{ idProperty: 'datong_key', id: 'o', properties: { dealname: 'Order' } }])).body.results[0].id;
  const pair = { from: { id: deal }, to: { id: contact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] };
  const created = await call(emulator, 'POST', '/crm/v4/associations/deals/contacts/batch/create', { inputs: [pair] });
  t.match(created, { status: 201, body: { results: [{ fromObjectId: Number(deal), toObjectId: Number(contact) }] } });
  await call(emulator, 'POST', '/crm/v4/associations/deals/contacts/batch/create', { inputs: [pair] });
  t.equal(emulator.store.associations.length, 1, 'creating it again is a no-op');
  const wrongType = await call(emulator, 'POST', '/crm/v4/associations/deals/contacts/batch/create', { inputs: [{ ...pair, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 4 }] }] });
  t.equal(wrongType.status, 207, 'contact-to-deal type 4 does not go from a deal');
  const fromContact = await call(emulator, 'POST', '/crm/v4/associations/contacts/deals/batch/read', { inputs: [{ id: contact }] });
  t.match(fromContact.body.results, [{ from: { id: contact }, to: [{ toObjectId: Number(deal), associationTypes: [{ typeId: 4 }] }] }], 'seen from the contact, it is type 4');
  await call(emulator, 'POST', '/crm/v3/objects/deals/batch/archive', { inputs: [{ id: deal }] });
  t.equal(emulator.store.associations.length, 0, 'archiving the deal removes its associations');
  const dump = (await call(emulator, 'POST', '/_emulator/dump')).body;
  t.same([dump.deals.length, dump.archived.deals.length], [0, 1], 'the dump shows archived records apart');
});

t.test('rate limits: the ten-secondly window and the daily count, with HubSpot\'s 429 bodies', async (t) => {
  const emulator = await startEmulator({ settings: { burst: 2, intervalMs: 60_000, dailyLimit: 3, retryAfterOn429: true } });
  t.teardown(() => emulator.close());
  const list = () => call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1');
  await list();
  await list();
  const burst = await list();
  t.equal(burst.status, 429);
  t.match(burst.body, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', category: 'RATE_LIMITS' });
  t.match(burst.headers, { 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-max': '2', 'retry-after': /^\d+$/ });

  await call(emulator, 'POST', '/_emulator/reset-limits');
  await list();
  await list();
  await call(emulator, 'POST', '/_emulator/settings', { burst: 100 });
  await list();
  const daily = await list();
  t.match(daily, { status: 429, body: { policyName: 'DAILY', message: 'You have reached your daily limit.' }, headers: { 'x-hubspot-ratelimit-daily-remaining': '0' } });
  t.equal(emulator.kit.requests.at(-1)?.fault, 'daily-limit', 'the log names the fault');
  await call(emulator, 'POST', '/_emulator/reset-daily');
  t.equal((await list()).status, 200, 'the next day calls go through');
});

t.test('OAuth: the token endpoint, expiring tokens, rotation', async (t) => {
  const emulator = await startEmulator({ settings: { rotateRefreshTokens: true, tokenTtlSeconds: 1800 } });
  t.teardown(() => emulator.close());
  const { clientId, clientSecret, refreshToken } = emulator.credentials;
  const grant = (form: Record<string, string>) =>
    fetch(`${emulator.url}/oauth/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const wrong = await grant({ grant_type: 'refresh_token', client_id: clientId, client_secret: 'nope', refresh_token: refreshToken });
  t.match(wrong, { status: 400, body: { status: 'BAD_CLIENT_SECRET' } });
  const token = await grant({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
  t.match(token, { status: 200, body: { token_type: 'bearer', access_token: String, expires_in: 1800 } });
  t.not(token.body.refresh_token, refreshToken, 'rotated');
  const reused = await grant({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
  t.match(reused, { status: 400, body: { status: 'BAD_REFRESH_TOKEN' } }, 'the old refresh token is dead');

  t.equal((await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1', undefined, token.body.access_token)).status, 200);
  await call(emulator, 'POST', '/_emulator/faults', { tokenExpiresAt: Date.now() });
  const expired = await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1', undefined, token.body.access_token);
  t.match(expired, { status: 401, body: { category: 'EXPIRED_AUTHENTICATION', message: /The OAuth token used to make this call expired/ } });
  t.equal((await call(emulator, 'GET', '/crm/v3/objects/contacts?limit=1')).status, 200, 'a private-app token does not expire');
});

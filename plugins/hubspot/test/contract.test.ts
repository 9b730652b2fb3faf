import { fileURLToPath } from 'node:url';
import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contacts, contactSpec, datongRecords, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const people = contacts(3, 'contract', 99);

t.test('the HubSpot sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir,
    plugin,
    badConfig: { config: { baseUrl: 'http://127.0.0.1:9' }, message: /accessToken/ },
    start: async () => {
      const emulator = await hubspot();
      // The deals' contacts exist before the deals stage runs, as the customers stage would leave them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(tokenConfig(emulator), ctx);
      await (await sink.object(contactSpec)).write(people, ctx);
      return {
        config: tokenConfig(emulator),
        badCredentials: tokenConfig(emulator, { accessToken: 'pat-na1-00000000-0000-4000-a000-000000000000' }),
        close: () => emulator.close(),
        count: async (object) => datongRecords(emulator, object as 'contacts' | 'deals').length,
        // The whole account, property definitions included: a read-only open must create none.
        snapshot: async () => structuredClone(emulator.store.dump()),
      };
    },
    objects: [
      {
        spec: contactSpec,
        records: contacts(3, 'c'),
        changed: { key: 'c-1', record: { ...contacts(1, 'c')[0]!.record, lastname: 'Changed', lifecyclestage: 'evangelist', hs_lead_status: 'CONNECTED' } },
      },
      {
        spec: dealSpec,
        records: deals(people.map((p) => p.key)),
        // An identity merge may give an order another person: the deal moves to that contact.
        changed: { key: 'tmall:100000', record: { ...deals([people[0]!.key])[0]!.record, dealstage: 'closedlost', amount: '0.00', contact_key: people[1]!.key } },
      },
    ],
  }),
);

import { fileURLToPath } from 'node:url';
import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { contactSpec, customers, oauthConfig, opportunitySpec, orders, salesforce } from './helpers/salesforce-fixtures.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const people = customers(3, 'contract', 99);

t.test('the Salesforce sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir,
    plugin,
    badConfig: { config: { loginUrl: 'http://127.0.0.1:9' }, message: /refreshToken|accessToken/ },
    start: async () => {
      const emulator = await salesforce();
      // The orders' contacts exist before the orders stage runs, as the customers stage would leave them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(oauthConfig(emulator), ctx);
      await (await sink.object(contactSpec)).write(people, ctx);
      return {
        config: oauthConfig(emulator),
        badCredentials: oauthConfig(emulator, { refreshToken: 'test-refresh-token-not-issued-0001' }),
        close: () => emulator.close(),
        count: async (object) => emulator.keyed(object === 'contacts' ? 'Contact' : 'Opportunity').length,
        snapshot: async () => structuredClone(emulator.dump()),
      };
    },
    objects: [
      {
        spec: contactSpec,
        records: customers(3, 'c'),
        changed: { key: 'c-1', record: { ...customers(1, 'c')[0]!.record, LastName: 'Changed', Datong_Tier__c: 'platinum', Datong_Tags__c: ['vip'], Phone: null } },
      },
      {
        spec: opportunitySpec,
        records: orders(people.map((p) => p.key)),
        // An identity merge may give an order another person: the lookup moves to that contact.
        changed: { key: 'tmall:100000', record: { ...orders([people[0]!.key])[0]!.record, StageName: 'Closed Lost', Amount: 0, customer_key: people[1]!.key } },
      },
    ],
  }),
);

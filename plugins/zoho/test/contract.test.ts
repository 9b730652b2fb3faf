import { fileURLToPath } from 'node:url';
import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { config, contactSpec, customers, dealSpec, orders, zoho } from './helpers/zoho-fixtures.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const people = customers(3, 'contract', 99);
const fast = { requestsPerWindow: 1000 };

t.test('the Zoho sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir,
    plugin,
    badConfig: { config: { clientId: '1000.TESTCLIENT', accountsUrl: 'http://127.0.0.1:9' }, message: /clientSecret|refreshToken/ },
    start: async () => {
      // A roomier window than Zoho's UNCONFIRMED default (100 a minute), on both sides: the contract makes many small calls.
      const emulator = await zoho({ seedContacts: 2, settings: { requestsPerWindow: 1000 } });
      // The deals' contacts exist before the deals stage runs, as the customers stage leaves them.
      const ctx = testContext();
      await (await (await plugin.sink!.open(config(emulator, fast), ctx)).object(contactSpec)).write(people, ctx);
      return {
        config: config(emulator, fast),
        badCredentials: config(emulator, { ...fast, refreshToken: '1000.test-refresh-token-0001.not-issued' }),
        close: () => emulator.close(),
        count: async (object) => emulator.keyed(object === 'contacts' ? 'Contacts' : 'Deals').length,
        snapshot: async () => emulator.store.dump(),
      };
    },
    objects: [
      {
        spec: contactSpec,
        records: customers(3, 'c'),
        changed: { key: 'c-1', record: { ...customers(1, 'c')[0]!.record, Last_Name: 'Changed', Datong_Tier: 'platinum', Datong_Tags: ['vip'], Phone: null } },
      },
      {
        spec: dealSpec,
        records: orders(people.map((p) => p.key)),
        // An identity merge may give an order another person: the deal moves to that contact.
        changed: { key: 'tmall:100000', record: { ...orders([people[0]!.key])[0]!.record, Stage: 'Closed Lost', Amount: 0, Datong_Refund_Status: 'refunded', customer_key: people[1]!.key } },
      },
    ],
  }),
);

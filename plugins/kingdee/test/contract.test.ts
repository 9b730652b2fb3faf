import { fileURLToPath } from 'node:url';
import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { customers, customerSpec, held, kingdee, orders, orderSpec, sinkConfig } from './helpers/kingdee-fixtures.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const people = customers(3, 'contract');

t.test('the Kingdee sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir,
    plugin,
    badConfig: { config: { baseUrl: 'http://127.0.0.1:9/k3cloud/', acctId: 'x', userName: 'u', appId: 'a', orgNumber: '100' }, message: /appSecret/ },
    start: async () => {
      const emulator = await kingdee();
      // The orders' customers exist before the orders stage runs, as the customers stage leaves them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(sinkConfig(emulator), ctx);
      await (await sink.object(customerSpec)).write(people, ctx);
      return {
        config: sinkConfig(emulator),
        badCredentials: sinkConfig(emulator, { appSecret: 'test-wrong-app-secret-0000' }),
        close: () => emulator.close(),
        count: async (object) => held(emulator, object === 'customers' ? 'BD_Customer' : 'SAL_SaleOrder').filter((b) => !b.number.startsWith('contract-')).length,
        snapshot: async () => emulator.dump(),
      };
    },
    objects: [
      {
        spec: customerSpec,
        records: customers(3, 'c'),
        changed: { key: 'c-1', record: { ...customers(1, 'c')[0]!.record, FName: '王芳（金卡）', FGroup: 'GOLD', tags: ['tmall', 'gold'] } },
      },
      {
        spec: orderSpec,
        records: orders(people.map((p) => p.key)),
        // An identity merge may give an order another person: the order moves to that customer.
        changed: { key: 'tmall:100000', record: { ...orders([people[1]!.key])[0]!.record, FNote: 'changed', FSaleOrderEntry: [{ FMaterialId: 'MAT-TEA-01', FUnitID: 'Pcs', FQty: 5, FTaxPrice: 120, FEntryNote: null }] } },
      },
    ],
  }),
);

import { fileURLToPath } from 'node:url';
import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { config, customers, customerSpec, liveCustomers, liveOrders, orders, saleOrderSpec, u8 } from './helpers/u8-fixtures.js';

const packageDir = fileURLToPath(new URL('../', import.meta.url));
const buyers = customers(3, 'B');
const people = customers(3, 'K');
const sales = orders(buyers.map((b) => b.key));

t.test('the U8 sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir,
    plugin,
    badConfig: { config: { fromAccount: 'datong_emulator', toAccount: 'u8_demo', appKey: 'opa_test_key' }, message: /appSecret/ },
    start: async () => {
      const emulator = await u8();
      // The orders' customers are in U8 before the orders stage runs, as the customers stage leaves them.
      const ctx = testContext();
      await (await (await plugin.sink!.open(config(emulator), ctx)).object(customerSpec)).write(buyers, ctx);
      return {
        config: config(emulator),
        badCredentials: config(emulator, { appSecret: 'test-app-secret-0001' }),
        close: () => emulator.close(),
        count: async (object) => (object === 'customers' ? liveCustomers(emulator) : liveOrders(emulator)),
        snapshot: async () => emulator.dump(),
      };
    },
    objects: [
      {
        spec: customerSpec,
        records: people,
        changed: { key: 'K0001', record: { ...people[0]!.record, name: '张伟（已改名）', mobile: '13900139000', tier: 'platinum', tags: ['vip'], address: null } },
      },
      {
        spec: saleOrderSpec,
        records: sales,
        // U8's OpenAPI cannot edit a sale order: the only new version it can take is the same order
        // again (a replay). A changed order is refused per record: see sale-orders.test.ts.
        changed: sales[0]!,
      },
    ],
  }),
);

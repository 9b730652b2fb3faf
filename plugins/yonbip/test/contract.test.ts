import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { packageDir } from '../src/package-dir.js';
import { config, customers, customerSpec, orders, orderSpec, yonbip } from './helpers/yonbip-fixtures.js';

// The contract is not about the quota: a roomy one keeps it quick (rate-limits.test.ts holds it to 60/min's shape).
const roomy = { orderCallsPerWindow: 6000 };
const fast = { salesOrderCallsPerMinute: 6000, callsPerMinute: 6000 };
const people = customers(3, 'buyer');

t.test('the YonBIP sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir: packageDir(),
    plugin,
    badConfig: { config: { appKey: 'test-app-key-0001', orgCode: 'ORG001', tenantId: 't1' }, message: /appSecret/ },
    async start() {
      const emulator = await yonbip(roomy);
      // The orders' customers exist before the orders stage runs, as the customers stage leaves them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(config(emulator, fast), ctx);
      await (await sink.object(customerSpec)).write(people, ctx);
      return {
        config: config(emulator, fast),
        badCredentials: config(emulator, { ...fast, appSecret: 'test-app-secret-not-issued-0000' }),
        close: () => emulator.close(),
        count: async (object) => emulator.count(object as 'customers' | 'salesOrders'),
        snapshot: async () => emulator.dump(),
      };
    },
    objects: [
      {
        spec: customerSpec,
        records: customers(3),
        changed: customers(1, 'cust', 2)[0]!,
      },
      {
        spec: orderSpec,
        records: orders(people.map((p) => p.key)),
        // A new version with one line fewer and another customer: lines are updated and deleted in place.
        changed: { key: 'tmall:100000', record: { ...orders([people[1]!.key], 'tmall', 2)[0]!.record } },
      },
    ],
  }),
);

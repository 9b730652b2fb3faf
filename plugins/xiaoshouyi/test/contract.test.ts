import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { packageDir } from '../src/package-dir.js';
import { accounts, accountSpec, configFor, orders, orderSpec, xiaoshouyi } from './helpers/fixtures.js';

const buyers = accounts(3, 'buyer');

t.test('the Xiaoshouyi sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir: packageDir(),
    plugin,
    badConfig: { config: { baseUrl: 'http://127.0.0.1:9' }, message: /clientId|securityToken|password/ },
    start: async () => {
      // The rate limit has its own test: here neither side paces, so the contract runs quickly.
      const emulator = await xiaoshouyi({ settings: { requestsPerWindow: 10_000 } });
      // The orders' customers exist before the orders stage runs, as the customers stage leaves them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(configFor(emulator, { requestsPerSecond: 1000 }), ctx);
      await (await sink.object(accountSpec)).write(buyers, ctx);
      return {
        config: configFor(emulator, { requestsPerSecond: 1000 }),
        badCredentials: configFor(emulator, { requestsPerSecond: 1000, securityToken: 'WRONG000' }),
        close: () => emulator.close(),
        count: async (object) => emulator.store.all(object === 'orders' ? 'order' : 'account').filter((r) => r.fields.datong_key__c !== undefined).length,
        snapshot: async () => structuredClone(emulator.dump()),
      };
    },
    objects: [
      {
        spec: accountSpec,
        records: accounts(3, 'c'),
        changed: { key: 'c-1', record: { ...accounts(1, 'c')[0]!.record, accountName: '杭州云栖贸易（新名）', phone: null, datong_tier__c: 'platinum', datong_tags__c: ['vip'] } },
      },
      {
        spec: orderSpec,
        records: orders(buyers.map((b) => b.key)),
        // An identity merge may give an order another customer: it moves to that account.
        changed: { key: 'tmall:200000', record: { ...orders([buyers[0]!.key])[0]!.record, customer_key: buyers[1]!.key, amount: 0, datong_refund_status__c: 'refunded' } },
      },
    ],
  }),
);

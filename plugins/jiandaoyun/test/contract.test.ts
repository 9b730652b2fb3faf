import { sinkContract, testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { packageDir } from '../src/package-dir.js';
import { config, customers, customerSpec, jiandaoyun, orders, orderSpec } from './helpers/fixtures.js';

const people = customers(3, 'contract');

// The contract every datong sink passes, against this plugin's own emulator over HTTP.
t.test('the Jiandaoyun sink passes the sink contract', (t) =>
  sinkContract(t, {
    packageDir: packageDir(),
    plugin,
    badConfig: { config: { baseUrl: 'http://127.0.0.1:9', forms: {} }, message: /apiKey/ },
    async start() {
      const emulator = await jiandaoyun();
      // The orders' customers exist before the orders stage runs, as the customers stage leaves them.
      const ctx = testContext();
      const sink = await plugin.sink!.open(config(emulator), ctx);
      await (await sink.object(customerSpec)).write(people, ctx);
      return {
        config: config(emulator),
        badCredentials: config(emulator, { apiKey: 'test-jdy-api-key-not-issued-0001' }),
        close: () => emulator.close(),
        count: async (object) => emulator.records(object as 'customers' | 'orders').length,
        snapshot: async () => structuredClone(emulator.dump()),
      };
    },
    objects: [
      {
        spec: customerSpec,
        records: customers(3, 'c'),
        changed: { key: 'c-1', record: { ...customers(1, 'c')[0]!.record, 客户名称: '改名客户', 会员等级: '金卡', 会员标签: ['老客'], 累计消费: 5000 } },
      },
      {
        spec: orderSpec,
        records: orders(people.map((p) => p.key)),
        // An identity merge may give an order another person: the link moves to that customer.
        changed: { key: 'tmall:100000', record: { ...orders([people[0]!.key])[0]!.record, 订单状态: '已关闭', 退款状态: '已退款', 订单金额: 0, customer_key: people[1]!.key } },
      },
    ],
  }),
);

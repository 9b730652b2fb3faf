import type { SinkObjectSpec, SinkWrite } from '@datong/sdk';
import { contractSchema } from '../../src/contract-schema.js';
import { startEmulator, type XiaoshouyiEmulator, type XiaoshouyiEmulatorOptions } from '../../emulator/index.js';

export const accountSpec: SinkObjectSpec = { name: 'accounts', schema: contractSchema('account.schema.json'), key: ['customer_key'] };
export const orderSpec: SinkObjectSpec = { name: 'orders', schema: contractSchema('order.schema.json'), key: ['order_key'] };

/** A fresh emulator; tests shorten its windows through settings. */
export function xiaoshouyi(options: XiaoshouyiEmulatorOptions & { [setting: string]: unknown } = {}): Promise<XiaoshouyiEmulator> {
  return startEmulator(options);
}

/** The sink config that reaches this emulator, with its (fake) credentials. */
export function configFor(emulator: XiaoshouyiEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...emulator.credentials, baseUrl: emulator.url, ...extra };
}

const NAMES = ['杭州云栖贸易有限公司', 'Blue Harbour Trading Ltd', '成都锦里茶社', '深圳南山电子', 'Maple & Pine Goods', '苏州绣坊', '北京胡同咖啡', 'Northwind Foods'];

/** `count` customers keyed `<prefix>-<n>`. */
export function accounts(count: number, prefix = 'cust'): SinkWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: {
        customer_key: key,
        accountName: `${NAMES[i % NAMES.length]} ${i + 1}`,
        phone: `1380013${String(1000 + i).padStart(4, '0')}`,
        address: `西湖区文三路 ${100 + i} 号`,
        datong_tier__c: i % 2 === 0 ? 'gold' : 'silver',
        datong_tags__c: i % 3 === 0 ? ['vip', 'tmall'] : ['jd'],
      },
    };
  });
}

/** One order per customer key, keyed `tmall:<n>`. */
export function orders(customerKeys: string[], prefix = 'tmall'): SinkWrite[] {
  return customerKeys.map((customerKey, i) => {
    const key = `${prefix}:${200_000 + i}`;
    return {
      key,
      record: { order_key: key, customer_key: customerKey, amount: 129.9 + i, datong_status__c: 'completed', datong_payment_status__c: 'paid', datong_fulfillment_status__c: 'shipped', datong_refund_status__c: 'none' },
    };
  });
}

/** The calls the emulator logged on one route pattern (e.g. 'POST /rest/data/v2.0/query/xoql'). */
export function calls(emulator: XiaoshouyiEmulator, route: string): XiaoshouyiEmulator['kit']['requests'] {
  const [method, pattern] = route.split(' ');
  return emulator.kit.requests.filter((r) => r.method === method && r.route === pattern);
}

export const CREATE = 'POST /rest/data/v2.0/xobjects/:object';
export const UPDATE = 'PATCH /rest/data/v2.0/xobjects/:object/:id';
export const XOQL = 'POST /rest/data/v2.0/query/xoql';
export const TOKEN = 'POST /oauth2/token.action';

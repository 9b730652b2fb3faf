import { readFileSync } from 'node:fs';
import type { JsonSchema, SinkObject, SinkObjectSpec, SinkWrite } from '@datong/sdk';
import { testContext, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type U8Emulator, type U8EmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

const contracts = new URL('../../contracts/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, contracts), 'utf8')) as JsonSchema;

export const customerSpec: SinkObjectSpec = { name: 'customers', schema: schema('customers.schema.json'), key: ['customer_key'] };
export const saleOrderSpec: SinkObjectSpec = { name: 'saleOrders', schema: schema('sale-orders.schema.json'), key: ['order_key'] };

/** A fresh emulator; the throttle is off unless a test sets it, so only the rate-limit test meets it. */
export function u8(options: U8EmulatorOptions = {}): Promise<U8Emulator> {
  return startEmulator({ ...options, settings: { throttleRequests: 0, ...options.settings } });
}

/** The sink's config for an emulator: its credentials and URL, and a fast pace for tests. */
export function config(emulator: U8Emulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { fromAccount, toAccount, appKey, appSecret } = emulator.credentials;
  return { fromAccount, toAccount, appKey, appSecret, baseUrl: emulator.url, requestsPerWindow: 200, ...extra };
}

/** Opens one object of the sink on an emulator, with a fresh (or given) test context. */
export async function open(emulator: U8Emulator, spec: SinkObjectSpec, options: { ctx?: TestContext; config?: Record<string, unknown> } = {}) {
  const ctx = options.ctx ?? testContext();
  const connection = await plugin.sink!.open(config(emulator, options.config), ctx);
  const object: SinkObject = await connection.object(spec);
  return { ctx, connection, object };
}

const NAMES = ['张伟', '王芳', 'Emily Carter', '李娜', '刘洋', 'James Wu', '陈静', '杨磊'];

/** `count` customers keyed `<prefix><n>` (U8 codes are at most 20 characters). */
export function customers(count: number, prefix = 'C'): SinkWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}${String(i + 1).padStart(4, '0')}`;
    const name = NAMES[i % NAMES.length]!;
    return {
      key,
      record: { customer_key: key, name, phone: `021-6${String(1000000 + i).slice(1)}`, mobile: `1380013${String(8000 + i)}`, address: `上海市徐汇区漕溪北路${i + 1}号`, tier: i % 2 ? 'gold' : 'silver', tags: i % 3 ? ['vip', 'tmall'] : ['jd'] },
    };
  });
}

/** One order per customer key, keyed `tmall:<n>`. */
export function orders(customerKeys: string[], start = 100_000): SinkWrite[] {
  return customerKeys.map((customerKey, i) => {
    const key = `tmall:${start + i}`;
    return {
      key,
      record: {
        order_key: key,
        customer_key: customerKey,
        date: '2025-03-01',
        memo: `天猫订单 ${start + i}`,
        entry: [
          { inventorycode: 'SKU-TEA-01', quantity: 2, taxunitprice: '129.90', taxrate: 13 },
          { inventorycode: 'SKU-CUP-02', quantity: 1, taxunitprice: '45.00', taxrate: 13 },
        ],
      },
    };
  });
}

/** Calls to a route pattern, as the emulator logged them. */
export function calls(emulator: U8Emulator, route: string) {
  return emulator.kit.requests.filter((r) => r.route === route);
}

/** Live (not deactivated) customers the emulator holds. */
export function liveCustomers(emulator: U8Emulator): number {
  return emulator.dump().customers.filter((c) => !c.end_date).length;
}

/** Live (not voided) sale orders the emulator holds. */
export function liveOrders(emulator: U8Emulator): number {
  return emulator.dump().saleorders.filter((o) => o.state !== emulator.settings.abandonedState).length;
}

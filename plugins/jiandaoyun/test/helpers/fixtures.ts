import type { SinkObjectSpec, SinkWrite } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import { startEmulator, type JiandaoyunEmulator, type JiandaoyunEmulatorSettings } from '../../emulator/index.js';
import { contractSchema } from '../../src/contract-schema.js';
import plugin from '../../src/index.js';

export const customerSpec: SinkObjectSpec = { name: 'customers', schema: contractSchema('customers.schema.json'), key: ['customer_key'] };
export const orderSpec: SinkObjectSpec = { name: 'orders', schema: contractSchema('orders.schema.json'), key: ['order_key'] };

/** An emulator with short windows unless told otherwise. */
export function jiandaoyun(settings: Partial<JiandaoyunEmulatorSettings> = {}): Promise<JiandaoyunEmulator> {
  return startEmulator({ seed: 7, settings });
}

export function config(emulator: JiandaoyunEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiKey: emulator.credentials.apiKey, baseUrl: emulator.url, forms: emulator.formsConfig(), ...extra };
}

/** Customers `prefix-1`..`prefix-n`. */
export function customers(n: number, prefix = 'cust', from = 1): SinkWrite[] {
  return Array.from({ length: n }, (_, i) => {
    const key = `${prefix}-${from + i}`;
    return {
      key,
      record: { customer_key: key, 客户名称: `客户 ${from + i}`, 手机: `1380000${String(from + i).padStart(4, '0')}`, 邮箱: `c${from + i}@example.com`, 会员等级: '银卡', 会员标签: ['新客', 'tmall'], 累计消费: 100 + i, 渠道: 'tmall' },
    };
  });
}

/** One order per customer key, `tmall:<100000+i>`. */
export function orders(customerKeys: string[], from = 0): SinkWrite[] {
  return customerKeys.map((customer, i) => {
    const key = `tmall:${100000 + from + i}`;
    return {
      key,
      record: { order_key: key, customer_key: customer, 订单状态: '已完成', 支付状态: '已支付', 发货状态: '已发货', 退款状态: '无退款', 订单金额: 199.5 + i, 币种: 'CNY', 下单时间: '2025-03-01T08:00:00.000Z', 渠道: 'tmall' },
    };
  });
}

/** Opens an object on a fresh context (a fresh connection, as a rerun after a crash has). */
export async function open(emulator: JiandaoyunEmulator, spec: SinkObjectSpec, extra: Record<string, unknown> = {}) {
  const ctx = testContext();
  const connection = await plugin.sink!.open(config(emulator, extra), ctx);
  return { ctx, object: await connection.object(spec), connection };
}

/** The calls the emulator answered on one endpoint (e.g. 'data/batch_create'). */
export function calls(emulator: JiandaoyunEmulator, endpoint: string) {
  return emulator.kit.requests.filter((r) => r.route === `/api/v5/app/entry/${endpoint}`);
}

import type { SinkObjectSpec, SinkWrite } from '@datong/sdk';
import { startEmulator, type YonbipEmulator, type YonbipEmulatorSettings } from '../../emulator/index.js';
import { contractSchema } from '../../src/contract-schema.js';

export const customerSpec: SinkObjectSpec = { name: 'customers', schema: contractSchema('customer.schema.json'), key: ['customer_key'] };
export const orderSpec: SinkObjectSpec = { name: 'salesOrders', schema: contractSchema('sales-order.schema.json'), key: ['order_key'] };

/** An emulator with these settings (a roomy sales-order quota unless the test sets one); closed by the caller. */
export function yonbip(settings: Partial<YonbipEmulatorSettings> = {}): Promise<YonbipEmulator> {
  return startEmulator({ seed: 11, settings: { orderCallsPerWindow: 6000, ...settings } });
}

/** A config reaching the emulator through gateway discovery; short waits so retries do not slow the tests. */
export function config(emulator: YonbipEmulator, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const c = emulator.credentials;
  return {
    appKey: c.appKey,
    appSecret: c.appSecret,
    tenantId: c.tenantId,
    baseUrl: c.baseUrl,
    orgCode: c.orgCode,
    salesOrgId: c.salesOrgId,
    transactionTypeId: c.transactionTypeId,
    retryAfterMs: 50,
    throttleWaitMs: 100,
    callsPerMinute: 6000,
    salesOrderCallsPerMinute: 6000,
    ...overrides,
  };
}

const NAMES = ['王芳', '李娜', 'Zhang Wei', '刘洋', '陈静', 'Anna Li', '杨磊', '赵敏'];

export function customers(n: number, prefix = 'cust', version = 1): SinkWrite[] {
  return Array.from({ length: n }, (_, i) => {
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: {
        customer_key: key,
        name: `${NAMES[i % NAMES.length]}${version > 1 ? ` v${version}` : ''}`,
        enterpriseNature: 1,
        contactName: NAMES[i % NAMES.length],
        mobile: `1380000${String(1000 + i).padStart(4, '0')}`,
        email: `buyer${i + 1}@example.com`,
        tier: version > 1 ? 'gold' : 'silver',
        tags: version > 1 ? ['vip', 'tmall'] : ['tmall'],
      },
    };
  });
}

export function orders(customerKeys: string[], prefix = 'tmall', version = 1): SinkWrite[] {
  return customerKeys.map((customer, i) => {
    const key = `${prefix}:${100000 + i}`;
    const lines = [{ productId: 'MAT-001', qty: version, oriTaxUnitPrice: '129.90', oriSum: (129.9 * version).toFixed(2) }];
    if (version === 1) lines.push({ productId: 'MAT-002', qty: 2, oriTaxUnitPrice: '45.00', oriSum: '90.00' });
    return {
      key,
      record: { order_key: key, customer_key: customer, vouchdate: '2026-04-01 10:00:00', currency: 'CNY', memo: version > 1 ? `v${version}` : null, orderDetails: lines },
    };
  });
}

/** The calls the emulator answered on routes whose pattern ends with `suffix`. */
export function calls(emulator: YonbipEmulator, suffix: string) {
  return emulator.kit.requests.filter((r) => r.route?.endsWith(suffix));
}

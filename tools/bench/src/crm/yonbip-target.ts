import type { YonbipEmulator } from '@datong/plugin-yonbip/emulator';
import type { BenchEmulator, CrmTarget } from './crm-target.js';

const CUSTOMERS = 3;
const SINGLE_SAVE = '/yonbip/sd/voucherorder/singleSave';

/**
 * YonBIP sales orders at the documented free quota (kingdee-yonyou.md §3.2): 60 calls a minute
 * for each of voucherorder list, detail and singleSave, one order per idempotent singleSave.
 * Their customers are written first by a stage of their own, outside the measure.
 */
export const yonbipTarget: CrmTarget = {
  id: 'yonbip',
  title: 'YonBIP sales orders',
  plugin: '@datong/plugin-yonbip',
  object: 'salesOrders',
  key: 'order_key',
  records: 90,
  limit: { perWindow: 60, windowMs: 60_000, recordsPerWrite: 1, source: 'YonBIP free quota: voucherorder singleSave (and list, detail) 60 calls/min each; one order per singleSave' },
  prelude: {
    object: 'customers',
    key: 'customer_key',
    records: Array.from({ length: CUSTOMERS }, (_, i) => ({ customer_key: `bench-c${i + 1}`, name: `买家${i + 1}`, mobile: `1380000000${i + 1}` })),
  },
  async start() {
    const { startEmulator } = await import('@datong/plugin-yonbip/emulator');
    return (await startEmulator({ seed: 5 })) as unknown as BenchEmulator;
  },
  sinkConfig(emulator) {
    const c = emulator.credentials;
    return {
      config: {
        appKey: c.appKey, appSecret: { env: 'YONBIP_APP_SECRET' }, tenantId: c.tenantId, baseUrl: emulator.url,
        orgCode: c.orgCode, salesOrgId: c.salesOrgId, transactionTypeId: c.transactionTypeId,
      },
      env: { YONBIP_APP_SECRET: c.appSecret! },
    };
  },
  record(i) {
    return {
      order_key: `BENCH-${String(i).padStart(6, '0')}`,
      customer_key: `bench-c${(i % CUSTOMERS) + 1}`,
      vouchdate: '2026-12-01 10:00:00',
      orderDetails: [{ productId: 'TEA-001', qty: 2, oriTaxUnitPrice: '64.95', oriSum: '129.90' }],
    };
  },
  kind(_method, route) {
    if (route.endsWith('/singleSave') || route.endsWith('/newinsert') || route.endsWith('/merchant/save')) return 'write';
    if (route.endsWith('/list') || route.endsWith('/newlist') || route.endsWith('/detail')) return 'look-up';
    if (route.includes('getAccessToken')) return 'token';
    if (route.includes('getGatewayAddress')) return 'setup';
    return 'other';
  },
  // singleSave has its own quota: the look-ups (voucherorder/list, its own 60/min) do not take from it.
  counted: (entry) => (entry.route ?? '').endsWith(SINGLE_SAVE),
  throttled: () => false,
  async verify(emulator, records) {
    const { orders, merchants } = (emulator as unknown as YonbipEmulator).store.dump();
    const codes = new Map<string, number>();
    for (const o of orders) codes.set(o.code, (codes.get(o.code) ?? 0) + 1);
    const missing = records.filter((r) => codes.get(String(r.order_key)) !== 1).length;
    if (missing > 0 || orders.length !== records.length) return `${missing} orders missing or doubled (${orders.length} held)`;
    const byId = new Map(merchants.map((m) => [m.id, m.code]));
    const wrong = records.filter((r) => byId.get(orders.find((o) => o.code === r.order_key)!.agentId) !== r.customer_key).length;
    return wrong === 0 ? undefined : `${wrong} orders linked to the wrong customer`;
  },
};

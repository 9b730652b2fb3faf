import { readFileSync } from 'node:fs';
import type { JsonSchema, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { startEmulator, type KingdeeEmulator, type KingdeeEmulatorOptions, type StoredBill } from '../../emulator/index.js';

const contracts = new URL('../../contracts/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, contracts), 'utf8')) as JsonSchema;

export const customerSpec: SinkObjectSpec = { name: 'customers', schema: schema('customer.schema.json'), key: ['customer_key'] };
export const orderSpec: SinkObjectSpec = { name: 'salesOrders', schema: schema('sales-order.schema.json'), key: ['order_key'] };

/** A fresh emulator; tests keep the throttle out of the way unless they test it. */
export function kingdee(options: KingdeeEmulatorOptions = {}): Promise<KingdeeEmulator> {
  return startEmulator({ ...options, settings: { throttleRequests: 1000, ...options.settings } });
}

/** The sink config that reaches the emulator: its credentials are named as the config fields. */
export function sinkConfig(emulator: KingdeeEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { acctId, userName, appId, appSecret, orgNumber, baseUrl } = emulator.credentials;
  return { baseUrl, acctId, userName, appId, appSecret, orgNumber, requestsPerWindow: 1000, ...extra };
}

const NAMES = ['王芳', 'Li Wei', '张伟', 'Emma Chen', '刘洋', '陈静', 'Zhou Min', '杨磊'];

/** `count` customers keyed `<prefix>-<n>`. */
export function customers(count: number, prefix = 'cust'): SinkWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: { customer_key: key, FName: NAMES[i % NAMES.length]!, FShortName: null, FTEL: `+86138${String(10_000_000 + i)}`, FADDRESS: `上海市浦东新区世纪大道 ${i + 1} 号`, FGroup: i % 2 ? 'VIP' : 'NORMAL', tags: ['tmall', i % 2 ? 'vip' : 'new'] },
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
        FDate: '2025-03-01',
        FSalerId: 'SALER01',
        FSettleCurrId: 'PRE001',
        FNote: `Tmall order ${start + i}`,
        FSaleOrderEntry: [
          { FMaterialId: 'MAT-TEA-01', FUnitID: 'Pcs', FQty: 2, FTaxPrice: 129.9, FEntryNote: null },
          { FMaterialId: 'MAT-CUP-07', FUnitID: 'Pcs', FQty: 1, FTaxPrice: 45, FEntryNote: '赠品包装' },
        ],
      },
    };
  });
}

/** The stored records of a form. */
export function held(emulator: KingdeeEmulator, formId: 'BD_Customer' | 'SAL_SaleOrder'): StoredBill[] {
  return emulator.dump()[formId] as StoredBill[];
}

/** Calls whose path names this service (BatchSave, ExecuteBillQuery, LoginBySign...). */
export function calls(emulator: KingdeeEmulator, service: string): { status: number; at: number; fault?: string }[] {
  return emulator.kit.requests.filter((r) => r.path.includes(`.${service}.common.kdsvc`));
}

/** A write's per-record results (the Kingdee sink always reports them). */
export async function write(object: SinkObject, batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
  return (await object.write(batch, ctx)) ?? [];
}

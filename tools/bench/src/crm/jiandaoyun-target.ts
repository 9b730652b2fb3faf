import type { JiandaoyunEmulator } from '@datong/plugin-jiandaoyun/emulator';
import type { BenchEmulator, CrmTarget } from './crm-target.js';

const KEY_WIDGET = '_widget_1432728651401';
const NAME_WIDGET = '_widget_1432728651402';
const BATCH_CREATE = '/api/v5/app/entry/data/batch_create';

/**
 * Jiandaoyun customers at the documented limits (OFFICIAL, platforms.md §12): data/batch_create
 * 10 requests/s with ≤ 100 records each, data/list 30/s for the look-ups by key and the
 * read-backs, 50/s in all. batch_create has its own limit, so the look-ups do not take from it.
 */
export const jiandaoyunTarget: CrmTarget = {
  id: 'jiandaoyun',
  title: 'Jiandaoyun customers',
  plugin: '@datong/plugin-jiandaoyun',
  object: 'customers',
  key: 'customer_key',
  records: 20_000,
  limit: { perWindow: 10, windowMs: 1000, recordsPerWrite: 100, source: 'Jiandaoyun API v5: data/batch_create 10 requests/s, ≤ 100 records each (data/list 30/s, 50/s per key in all)' },
  async start() {
    const { startEmulator } = await import('@datong/plugin-jiandaoyun/emulator');
    return (await startEmulator({ seed: 5 })) as unknown as BenchEmulator;
  },
  sinkConfig(emulator) {
    const c = emulator.credentials;
    return {
      config: {
        apiKey: { env: 'JIANDAOYUN_API_KEY' },
        baseUrl: emulator.url,
        forms: { customers: { appId: c.appId, entryId: c.customersEntryId }, orders: { appId: c.appId, entryId: c.ordersEntryId } },
      },
      env: { JIANDAOYUN_API_KEY: c.apiKey! },
    };
  },
  record(i) {
    return { customer_key: `bench:${i}`, 客户名称: `买家${i}`, 手机: `138${String(i).padStart(8, '0')}`, 邮箱: `buyer${i}@example.com`, 渠道: 'tmall' };
  },
  kind(_method, route) {
    if (route.endsWith('data/batch_create') || route.endsWith('data/update') || route.endsWith('data/create')) return 'write';
    if (route.endsWith('data/list') || route.endsWith('data/get')) return 'look-up';
    if (route.endsWith('widget/list')) return 'setup';
    return 'other';
  },
  counted: (entry) => entry.route === BATCH_CREATE,
  // 8303 (frequency) comes as HTTP 400, concurrency as 429; the bench writes nothing else a 400 could refuse.
  throttled: (entry) => entry.status === 429 || entry.status === 400,
  async verify(emulator, records) {
    const rows = (emulator as unknown as JiandaoyunEmulator).records('customers');
    const byKey = new Map<string, number>();
    for (const row of rows) byKey.set(String(row[KEY_WIDGET]), (byKey.get(String(row[KEY_WIDGET])) ?? 0) + 1);
    const twice = [...byKey.values()].filter((n) => n > 1).length;
    const missing = records.filter((r) => !byKey.has(String(r.customer_key))).length;
    if (twice > 0 || missing > 0) return `${missing} customers missing, ${twice} keys held twice`;
    const sample = rows.find((r) => r[KEY_WIDGET] === 'bench:7');
    return sample?.[NAME_WIDGET] === '买家7' ? undefined : `bench:7 holds ${JSON.stringify(sample)}`;
  },
};

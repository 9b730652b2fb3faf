import type { HubSpotEmulator } from '@datong/plugin-hubspot/emulator';
import type { CrmTarget, BenchEmulator } from './crm-target.js';

/**
 * HubSpot contacts at the Free/Starter private-app burst, 100 requests per rolling 10 s,
 * shared by every call the account makes (OFFICIAL, platforms.md §10), 100 inputs per batch upsert.
 */
export const hubspotTarget: CrmTarget = {
  id: 'hubspot',
  title: 'HubSpot contacts',
  plugin: '@datong/plugin-hubspot',
  object: 'contacts',
  key: 'contact_key',
  records: 20_000,
  limit: { perWindow: 100, windowMs: 10_000, recordsPerWrite: 100, source: 'HubSpot private apps, Free/Starter: 100 requests / 10 s per account; batch upsert ≤ 100 inputs' },
  async start() {
    const { startEmulator } = await import('@datong/plugin-hubspot/emulator');
    return (await startEmulator({ seed: 5, settings: { burst: 100, intervalMs: 10_000, dailyLimit: 1_000_000 } })) as unknown as BenchEmulator;
  },
  sinkConfig(emulator) {
    return {
      config: { accessToken: { env: 'HUBSPOT_ACCESS_TOKEN' }, baseUrl: emulator.url, burstPer10s: 100 },
      env: { HUBSPOT_ACCESS_TOKEN: emulator.credentials.accessToken! },
    };
  },
  record(i) {
    return {
      contact_key: `bench:${i}`,
      email: `buyer${i}@example.com`,
      firstname: `Buyer${i}`,
      lastname: '测试',
      phone: `+86138${String(i).padStart(8, '0')}`,
      datong_tier: i % 7 === 0 ? 'gold' : 'member',
    };
  },
  kind(method, route) {
    if (route.endsWith('/batch/upsert')) return 'write';
    if (route.endsWith('/batch/read') || (method === 'GET' && route === '/crm/v3/objects/:objectType')) return 'read-back';
    if (route.includes('/associations/')) return 'association';
    if (route.includes('/properties/') || route.startsWith('/account-info')) return 'setup';
    if (route.startsWith('/oauth')) return 'token';
    return 'other';
  },
  // Every call the account makes counts against its burst, except the OAuth token endpoint.
  counted: (entry) => !String(entry.route ?? '').startsWith('/oauth'),
  throttled: (entry) => entry.status === 429,
  async verify(emulator, records) {
    const { contacts } = (emulator as unknown as HubSpotEmulator).store.dump();
    const byKey = new Map<string, number>();
    for (const c of contacts) {
      const key = c.properties.datong_key;
      if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
    }
    const twice = [...byKey.values()].filter((n) => n > 1).length;
    const missing = records.filter((r) => !byKey.has(String(r.contact_key))).length;
    if (twice > 0 || missing > 0) return `${missing} contacts missing, ${twice} keys held twice`;
    const sample = contacts.find((c) => c.properties.datong_key === 'bench:7');
    if (sample?.properties.datong_tier !== 'gold' || sample.properties.email !== 'buyer7@example.com') return `bench:7 holds ${JSON.stringify(sample?.properties)}`;
    return undefined;
  },
};

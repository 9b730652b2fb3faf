import { readFileSync } from 'node:fs';
import { SeededRandom, type JsonSchema, type SinkObjectSpec, type SinkWrite } from '@datong/sdk';
import { SeedData } from '@datong/sdk/emulator';
import { startEmulator, type SalesforceEmulator, type SalesforceEmulatorOptions } from '../../emulator/index.js';

const contracts = new URL('../../contracts/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, contracts), 'utf8')) as JsonSchema;

export const contactSpec: SinkObjectSpec = { name: 'contacts', schema: schema('contact.schema.json'), key: ['customer_key'] };
export const opportunitySpec: SinkObjectSpec = { name: 'opportunities', schema: schema('opportunity.schema.json'), key: ['order_key'] };

export function salesforce(options: SalesforceEmulatorOptions = {}): Promise<SalesforceEmulator> {
  return startEmulator(options);
}

/** The OAuth config that reaches the emulator (the sink finds the instance through the token answer). */
export function oauthConfig(emulator: SalesforceEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { clientId, clientSecret, refreshToken } = emulator.credentials;
  return { clientId, clientSecret, refreshToken, loginUrl: emulator.url, bulkPollIntervalMs: 10, ...extra };
}

/** `count` realistic customers, keyed `<prefix>-<n>`, with tier and tags. */
export function customers(count: number, prefix = 'person', seed = 7): SinkWrite[] {
  const data = new SeedData(new SeededRandom(seed));
  return Array.from({ length: count }, (_, i) => {
    const p = data.person();
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: {
        customer_key: key,
        LastName: p.lastName,
        FirstName: p.firstName,
        Email: p.email,
        Phone: p.phone,
        MailingCity: p.address.city,
        MailingState: p.address.province,
        MailingCountry: p.address.country,
        Datong_Tier__c: i % 2 === 0 ? 'gold' : 'silver',
        Datong_Tags__c: i % 2 === 0 ? ['vip', 'tmall'] : ['jd'],
      },
    };
  });
}

/** One order per customer key. */
export function orders(customerKeys: string[], seed = 11): SinkWrite[] {
  const data = new SeedData(new SeededRandom(seed));
  return customerKeys.map((customerKey, i) => {
    const key = `tmall:${100_000 + i}`;
    return {
      key,
      record: {
        order_key: key,
        customer_key: customerKey,
        Name: `Order ${100_000 + i}: ${data.productTitle()}`.slice(0, 120),
        StageName: 'Closed Won',
        CloseDate: '2025-03-01',
        Amount: Number(data.money(20, 3000)),
        Datong_Payment_Status__c: 'paid',
        Datong_Fulfillment_Status__c: 'shipped',
      },
    };
  });
}

/** Calls the emulator logged on a route pattern (ending with `routeEnd`). */
export function calls(emulator: SalesforceEmulator, routeEnd: string, method?: string): { status: number; body?: unknown; at: number; method: string }[] {
  return emulator.kit.requests.filter((r) => r.route?.endsWith(routeEnd) && (method === undefined || r.method === method));
}

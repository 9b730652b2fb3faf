import { readFileSync } from 'node:fs';
import { SeededRandom, type JsonSchema, type SinkObjectSpec, type SinkWrite } from '@datong/sdk';
import { SeedData } from '@datong/sdk/emulator';
import { startEmulator, type ZohoEmulator, type ZohoEmulatorOptions } from '../../emulator/index.js';
import { clearTokenCache } from '../../src/index.js';

const contracts = new URL('../../contracts/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, contracts), 'utf8')) as JsonSchema;

export const contactSpec: SinkObjectSpec = { name: 'contacts', schema: schema('contacts.schema.json'), key: ['customer_key'] };
export const dealSpec: SinkObjectSpec = { name: 'deals', schema: schema('deals.schema.json'), key: ['order_key'] };

/** A fresh emulator with no hand-made contacts, so counts are the sink's alone; this process forgets its tokens. */
export function zoho(options: ZohoEmulatorOptions = {}): Promise<ZohoEmulator> {
  clearTokenCache();
  return startEmulator({ seedContacts: 0, ...options });
}

/** The sink config that reaches the emulator: the credentials it printed, its accounts server. */
export function config(emulator: ZohoEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { clientId, clientSecret, refreshToken, accountsUrl } = emulator.credentials;
  return { clientId, clientSecret, refreshToken, accountsUrl, ...extra };
}

/** `count` customers (Chinese and English-speaking), keyed `<prefix>-<n>`, with tier and tags. */
export function customers(count: number, prefix = 'person', seed = 7): SinkWrite[] {
  const data = new SeedData(new SeededRandom(seed));
  return Array.from({ length: count }, (_, i) => {
    const p = data.person();
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: {
        customer_key: key,
        Last_Name: p.lastName,
        First_Name: p.firstName,
        Email: p.email,
        Phone: p.phone,
        Mailing_City: p.address.city,
        Mailing_State: p.address.province,
        Mailing_Country: p.address.country,
        Datong_Tier: i % 2 === 0 ? 'gold' : 'silver',
        Datong_Tags: i % 2 === 0 ? ['vip', 'tmall'] : ['newsletter'],
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
        Deal_Name: `Order ${100_000 + i}: ${data.productTitle()}`,
        Amount: Number(data.money(20, 3000)),
        Stage: 'Closed Won',
        Closing_Date: '2025-03-01',
        Datong_Payment_Status: 'paid',
        Datong_Fulfillment_Status: 'shipped',
        Datong_Refund_Status: 'none',
      },
    };
  });
}

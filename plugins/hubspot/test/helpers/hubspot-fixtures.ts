import { readFileSync } from 'node:fs';
import { SeededRandom, type JsonSchema, type SinkObjectSpec, type SinkWrite } from '@datong/sdk';
import { SeedData } from '@datong/sdk/emulator';
import { startEmulator, type CrmObject, type HubSpotEmulator, type HubSpotEmulatorOptions } from '../../emulator/index.js';

const contracts = new URL('../../contracts/', import.meta.url);
const schema = (name: string) => JSON.parse(readFileSync(new URL(name, contracts), 'utf8')) as JsonSchema;

export const contactSpec: SinkObjectSpec = { name: 'contacts', schema: schema('contact.schema.json'), key: ['contact_key'] };
export const dealSpec: SinkObjectSpec = { name: 'deals', schema: schema('deal.schema.json'), key: ['deal_key'] };

/** A fresh emulator with no hand-made contacts, so counts are the sink's alone. */
export function hubspot(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  return startEmulator({ seedContacts: 0, ...options });
}

export function tokenConfig(emulator: HubSpotEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { accessToken: emulator.credentials.accessToken, baseUrl: emulator.url, ...extra };
}

export function oauthConfig(emulator: HubSpotEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { clientId, clientSecret, refreshToken } = emulator.credentials;
  return { clientId, clientSecret, refreshToken, baseUrl: emulator.url, ...extra };
}

/** `count` realistic contacts (Chinese and English-speaking), keyed `<prefix>-<n>`. */
export function contacts(count: number, prefix = 'person', seed = 7): SinkWrite[] {
  const data = new SeedData(new SeededRandom(seed));
  return Array.from({ length: count }, (_, i) => {
    const p = data.person();
    const key = `${prefix}-${i + 1}`;
    return {
      key,
      record: { contact_key: key, email: p.email, firstname: p.firstName, lastname: p.lastName, phone: p.phone, city: p.address.city, state: p.address.province, country: p.address.country, lifecyclestage: 'customer' },
    };
  });
}

/** One deal per contact key, an order of that person's. */
export function deals(contactKeys: string[], seed = 11): SinkWrite[] {
  const data = new SeedData(new SeededRandom(seed));
  return contactKeys.map((contactKey, i) => {
    const key = `tmall:${100_000 + i}`;
    return {
      key,
      record: { deal_key: key, contact_key: contactKey, dealname: `Order ${100_000 + i}: ${data.productTitle()}`, amount: data.money(20, 3000), deal_currency_code: 'CNY', pipeline: 'default', dealstage: 'closedwon', closedate: '2025-03-01T08:30:00.000Z' },
    };
  });
}

/** The live records of a type that carry datong's key. */
export function datongRecords(emulator: HubSpotEmulator, type: 'contacts' | 'deals', idProperty = 'datong_key'): CrmObject[] {
  return [...emulator.store.objects[type].values()].filter((o) => !o.archived && o.properties[idProperty] !== undefined);
}

/** Calls made to a path (suffix match) as the emulator logged them. */
export function calls(emulator: HubSpotEmulator, pathEnd: string): { status: number; body?: unknown; at: number }[] {
  return emulator.kit.requests.filter((r) => r.path.endsWith(pathEnd));
}

/** A raw call to the emulator, as any HubSpot client would make it (with the emulator's token unless told otherwise). */
export async function callEmulator(emulator: HubSpotEmulator, method: string, path: string, body?: unknown, token: string | null = emulator.credentials.accessToken) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), body: text ? (JSON.parse(text) as any) : undefined };
}

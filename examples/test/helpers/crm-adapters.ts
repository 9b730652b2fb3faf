import type { RunningEmulator } from '@datong/sdk/emulator';
import { startEmulator as startHubspot, type HubSpotEmulator } from '@datong/plugin-hubspot/emulator';

/**
 * What examples/crm-sinks' test needs of each CRM: its emulator, the .env lines the example's
 * pipeline reads (named as `datong emulate <platform> --write-env` names them), and a look at
 * what the emulated CRM holds, read from the emulator's own store rather than through the sink.
 */
export interface CrmUnderTest {
  /** The pipeline file: examples/crm-sinks/<name>.yaml. */
  name: string;
  start(): Promise<RunningEmulator>;
  /** Per customer key: how many records hold it, and the family name the latest holds. */
  customers(emulator: RunningEmulator): Map<string, { count: number; familyName: unknown }>;
  /** Per order key: how many records hold it, and the customer key it is linked to. */
  orders(emulator: RunningEmulator): Map<string, { count: number; customerKey: unknown }>;
}

/** `shopify` + `{accessToken}` → `SHOPIFY_ACCESS_TOKEN`, plus `SHOPIFY_BASE_URL`, as `datong emulate` writes them. */
export function envLines(platform: string, emulator: RunningEmulator): string {
  const prefix = platform.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const lines = [`${prefix}_BASE_URL=${emulator.url}`];
  for (const [k, v] of Object.entries(emulator.credentials)) lines.push(`${prefix}_${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}=${v}`);
  return `${lines.join('\n')}\n`;
}

function tally<T>(items: T[], key: (item: T) => unknown, value: (item: T) => Record<string, unknown>): Map<string, { count: number } & Record<string, unknown>> {
  const out = new Map<string, { count: number } & Record<string, unknown>>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined || k === null || k === '') continue;
    const seen = out.get(String(k));
    out.set(String(k), { ...value(item), count: (seen?.count ?? 0) + 1 });
  }
  return out;
}

const hubspot: CrmUnderTest = {
  name: 'hubspot',
  start: () => startHubspot({ seed: 3 }),
  customers(emulator) {
    const { contacts } = (emulator as HubSpotEmulator).store.dump();
    return tally(contacts, (c) => c.properties.datong_key, (c) => ({ familyName: c.properties.lastname })) as never;
  },
  orders(emulator) {
    const dump = (emulator as HubSpotEmulator).store.dump();
    const keyOfContact = new Map(dump.contacts.map((c) => [c.id, c.properties.datong_key]));
    const contactOf = (dealId: string) => {
      const link = dump.associations.find((a) => (a.fromType === 'deals' && a.fromId === dealId) || (a.toType === 'deals' && a.toId === dealId));
      return link === undefined ? undefined : keyOfContact.get(link.fromType === 'deals' ? link.toId : link.fromId);
    };
    return tally(dump.deals, (d) => d.properties.datong_key, (d) => ({ customerKey: contactOf(d.id) })) as never;
  },
};

export const CRMS: CrmUnderTest[] = [hubspot];

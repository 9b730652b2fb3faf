import type { EmulatorKit } from '@datong/sdk/emulator';
import type { Connection, ConnectionArgs } from './connection.js';
import type { EmuAddress } from './shop-data.js';
import type { ShopStore } from './shop-store.js';

/** What every view can reach while one request executes. */
export interface ViewContext {
  store: ShopStore;
  kit: EmulatorKit;
  /** Top-level listings served by this request, reported to the kit once the response is built. */
  served: string[];
}

/** The arguments of a top-level listing (orders, customers). */
export type ListArgs = ConnectionArgs & { sortKey?: string; query?: string | null };

// Fixed conversion rates from USD for presentment money: plausible, not real.
const RATES: Record<string, number> = { USD: 1, CNY: 7.2, GBP: 0.79, CAD: 1.36, EUR: 0.92 };

/** Shopify's DateTime: ISO 8601 in UTC, whole seconds. */
export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
export const gid = (type: string, id: number): string => `gid://shopify/${type}/${id}`;
export const decimal = (cents: number): string => (cents / 100).toFixed(2);

/** Parses `gid://shopify/<Type>/<n>` into its type and number. */
export function parseGid(value: string): { type: string; id: number } | undefined {
  const m = /^gid:\/\/shopify\/(\w+)\/(\d+)$/.exec(value);
  return m ? { type: m[1]!, id: Number(m[2]) } : undefined;
}

export function moneyV2(cents: number, currency: string) {
  return { amount: decimal(cents), currencyCode: currency };
}

/** A MoneyBag: the amount in the shop currency and as the buyer saw it. */
export function moneyBag(cents: number, shopCurrency: string, presentment: string) {
  const rate = (RATES[presentment] ?? 1) / (RATES[shopCurrency] ?? 1);
  return { shopMoney: moneyV2(cents, shopCurrency), presentmentMoney: moneyV2(Math.round(cents * rate), presentment) };
}

/** A connection of views over a page of records. */
export function connectionOf<T, V>(page: Connection<T>, view: (item: T) => V) {
  const nodes = page.nodes.map(view);
  return { edges: page.edges.map((e, i) => ({ cursor: e.cursor, node: nodes[i] })), nodes, pageInfo: page.pageInfo };
}

/** A MailingAddress. */
export function addressView(a: EmuAddress | null, id: number) {
  if (!a) return null;
  const lines = [a.address1, a.address2, `${a.city} ${a.province} ${a.zip}`.trim(), a.country].filter((x): x is string => !!x);
  return {
    __typename: 'MailingAddress', id: `${gid('MailingAddress', id)}?model_name=Address`, ...a, countryCodeV2: a.countryCode,
    name: `${a.firstName} ${a.lastName}`, coordinatesValidated: false, latitude: null, longitude: null, timeZone: null,
    formatted: ({ withName }: { withName?: boolean }) => (withName ? [`${a.firstName} ${a.lastName}`, ...lines] : lines),
    formattedArea: [a.city, a.province, a.country].filter(Boolean).join(', '), validationResultSummary: 'NO_ISSUES',
  };
}

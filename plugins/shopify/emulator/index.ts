import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { CostBucket } from './cost-bucket.js';
import { graphqlEndpoint, requestedCostOf, throttledResponse } from './graphql-endpoint.js';
import { OAuthTokens } from './oauth-tokens.js';
import { ShopStore, type MutationSummary } from './shop-store.js';
import { WebhookPushes } from './webhook-pushes.js';

export type { MutationSummary } from './shop-store.js';
export type { ShopStore } from './shop-store.js';
export type { EmuCustomer, EmuOrder } from './shop-data.js';
export { FINANCIAL_STATUSES, FULFILLMENT_STATUSES } from './order-factory.js';

/** How to start the Shopify emulator; every field has a default. */
export interface ShopifyEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same shop: customers, orders, tokens and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The myshopify subdomain it answers as. Default "datong-demo". */
  shop?: string;
  customers?: number;
  orders?: number;
  /** The cost bucket: 1,000 points (UNCONFIRMED size) restoring 100/s, the current docs' Standard plan. `datong emulate shopify --set restoreRate=1000` plays Plus. */
  maximumAvailable?: number;
  restoreRate?: number;
  /** HTTP status of THROTTLED answers: 200 (default, as observed) or 429. */
  throttleHttpStatus?: number;
  /** Lifetime of issued access tokens, seconds. Default 3600 (expiring offline tokens). */
  tokenTtlSeconds?: number;
  /** The emulator's clock, ms epoch. Default Date.now. */
  now?: () => number;
}

/** A running Shopify emulator: the kit, its data and its tokens. */
export interface RunningShopifyEmulator extends RunningEmulator {
  store: ShopStore;
  tokens: OAuthTokens;
  bucket: CostBucket;
  webhooks: WebhookPushes;
}

/**
 * Starts an emulated Shopify GraphQL Admin API on 127.0.0.1: a seeded shop of Chinese and
 * English-speaking customers and their orders, the access-token header and the refresh-token grant,
 * cost-based throttling, the search syntax, keyset cursors, and the kit's faults. Control actions
 * besides the kit's: POST /_emulator/mutate `{"orders": n, "customers": n}`, POST /_emulator/state,
 * POST /_emulator/edit-customer `{"index": 0, "email": "..."}`, POST /_emulator/webhooks `{"url", "secret"?}`
 * (signed pushes of every change mutate and edit-customer make).
 *
 * @example
 *   const shopify = await startEmulator({ seed: 7 });
 *   // config: { shop: 'datong-demo', baseUrl: shopify.url, accessToken: shopify.credentials.accessToken }
 */
export async function startEmulator(options: ShopifyEmulatorOptions = {}): Promise<RunningShopifyEmulator> {
  const handle = options.shop ?? 'datong-demo';
  const clock = options.now ?? Date.now;
  const bucket = new CostBucket(options.maximumAvailable ?? 1000, options.restoreRate ?? 100, clock);
  const throttleHttpStatus = options.throttleHttpStatus ?? 200;
  const kit = new EmulatorKit({
    name: 'shopify',
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: clock,
    // The rate-limit fault answers as a drained bucket would: one second short of the query.
    rateLimitResponse: (req) => {
      const requested = requestedCostOf(req);
      const status = bucket.status();
      return throttledResponse(requested, { ...status, currentlyAvailable: Math.max(0, Math.min(status.currentlyAvailable, requested - status.restoreRate)) }, throttleHttpStatus);
    },
    serverErrorResponse: () => ({ status: 503, json: { errors: 'Service Unavailable' } }),
  });
  const store = new ShopStore({
    shop: { name: 'Datong Demo 大通演示店', handle, currency: 'USD', timezone: 'UTC' },
    random: kit.random,
    seed: kit.seed,
    now: () => kit.now(),
    customers: options.customers ?? 60,
    orders: options.orders ?? 200,
  });
  const clientId = `emulator-client-${options.seed ?? 1}`;
  const clientSecret = `shpss_emulator_${handle}_${options.seed ?? 1}`;
  const tokens = new OAuthTokens(kit, clientId, clientSecret, options.tokenTtlSeconds ?? 3600);
  const installed = tokens.install();

  kit.route('POST', '/admin/api/:version/graphql.json', graphqlEndpoint({ kit, store, tokens, bucket, throttleHttpStatus }));
  kit.route('POST', '/admin/oauth/access_token', (req) => tokens.handle(req));
  const webhooks = new WebhookPushes(`${handle}.myshopify.com`, '2025-01', clientSecret, store);
  kit.control('mutate', async (body: { orders?: number; customers?: number } | undefined): Promise<MutationSummary> => {
    const summary = store.mutate(body ?? {});
    await webhooks.mutation(summary);
    return summary;
  });
  kit.control('edit-customer', async (body: Parameters<ShopStore['editCustomer']>[0] | undefined) => {
    const customer = store.editCustomer(body ?? {});
    await webhooks.customerEdited(customer.id);
    return customer;
  });
  kit.control('webhooks', (body: Record<string, unknown> | undefined) => webhooks.subscribe(body ?? {}));
  kit.control('state', () => ({ customers: store.customers.length, orders: store.orders.length, refreshes: tokens.refreshCount, bucket: bucket.status(), webhooks: webhooks.counts }));
  kit.onMutate(async () => {
    await webhooks.mutation(store.mutate({ orders: 5, customers: 3 }));
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    tokens,
    bucket,
    webhooks,
    credentials: { shop: handle, baseUrl: url, apiVersion: '2025-01', accessToken: installed.accessToken, clientId, clientSecret, refreshToken: installed.refreshToken },
    close: () => kit.close(),
  };
}

/** The module `datong emulate shopify` loads. */
export const platform = 'shopify';
export const shopifyEmulator: EmulatorModule = { platform, startEmulator };

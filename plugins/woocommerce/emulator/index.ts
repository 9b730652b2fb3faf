import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { ORDER_STATUSES } from './order-statuses.js';
import { API, registerRestApi, type RestSettings } from './rest-api.js';
import { WebhookDelivery, type Push } from './webhook-delivery.js';
import { WooStore, type MutationSummary, type StoreChange } from './woo-store.js';
import { customerJson, orderJson } from './woo-views.js';

export type { MutationSummary } from './woo-store.js';
export type { WooStore } from './woo-store.js';
export type { EmuCustomer, EmuOrder, EmuRefund } from './woo-data.js';
export { ORDER_STATUSES };
export { wooTime } from './woo-data.js';

/** How to start the WooCommerce emulator; every field has a default. */
export interface WooEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same store: customers, orders, keys and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock, ms epoch (a number is a fixed moment). Default Date.now. */
  now?: number | (() => number);
  /** Seeded orders; default 120. */
  orders?: number;
  /** Seeded registered customers besides the buyers; default 40. */
  customers?: number;
  /** People who also shop elsewhere: registered here, and the first buyers.length orders are theirs. */
  buyers?: SeedPerson[];
  /** The store currency; default USD. */
  currency?: string;
  /** The store's UTC offset in minutes (date_created vs date_created_gmt); default 480 (UTC+8). */
  utcOffsetMinutes?: number;
  /** Make modified_after/before inclusive; default false, as WordPress's date_query (UNCONFIRMED). */
  inclusiveDateBounds?: boolean;
  /** Answer WordPress errors inside an HTTP 200, as some security plugins do; default false. */
  errorsIn200?: boolean;
  /** Print a PHP notice before each JSON answer (display_errors on); default false. */
  phpNotices?: boolean;
  /** Retry-After of the throttle fault's 429, seconds; default 1. WooCommerce documents no REST rate limit: this is a host's or WAF's. */
  retryAfterSeconds?: number;
  /** Failed deliveries in a row after which a webhook is disabled; default 5 (UNCONFIRMED). */
  webhookDisableAfter?: number;
}

/** A running WooCommerce emulator: the kit, its data and its webhooks. */
export interface RunningWooEmulator extends RunningEmulator {
  store: WooStore;
  webhooks: WebhookDelivery;
  settings: RestSettings;
  /** Runs a mutate as POST /_emulator/mutate does, pushes included. */
  mutate(counts?: { orders?: number; customers?: number }): Promise<MutationSummary>;
}

/**
 * Starts an emulated WooCommerce REST API v3 (/wp-json/wc/v3) on 127.0.0.1: a seeded store of
 * registered customers, guests and orders in every status with refunds; Basic-auth keys;
 * WordPress's paging (per_page ≤ 100, X-WP-Total, X-WP-TotalPages, Link), filters and error
 * bodies; and the kit's faults. Controls besides the kit's: POST /_emulator/mutate
 * `{"orders": n, "customers": n}`, POST /_emulator/webhooks `{"url", "secret", "topics"?}`,
 * POST /_emulator/state, POST /_emulator/set-status `{"id", "status"}`.
 *
 * @example
 *   const woo = await startEmulator({ seed: 7 });
 *   // config: { storeUrl: woo.url, consumerKey: woo.credentials.consumerKey, consumerSecret: woo.credentials.consumerSecret }
 */
export async function startEmulator(options: WooEmulatorOptions = {}): Promise<RunningWooEmulator> {
  const fixed = options.now;
  const clock = typeof fixed === 'number' ? () => fixed : fixed ?? Date.now;
  const style = { errorsIn200: options.errorsIn200 ?? false };
  const retryAfter = options.retryAfterSeconds ?? 1;
  const kit = new EmulatorKit({
    name: 'woocommerce',
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => ({
      status: 429,
      headers: { 'retry-after': String(retryAfter) },
      json: { code: 'woocommerce_rest_too_many_requests', message: 'Too many requests. Please wait and try again.', data: { status: 429 } },
    }),
    serverErrorResponse: () => ({ status: 503, headers: { 'retry-after': '1' }, json: { code: 'internal_server_error', message: 'There has been a critical error on this website.', data: { status: 503 } } }),
  });
  const seedNo = options.seed ?? 1;
  const key = { consumerKey: `ck_emulator${String(seedNo).padStart(4, '0')}${'a'.repeat(27)}`, consumerSecret: `cs_emulator${String(seedNo).padStart(4, '0')}${'b'.repeat(27)}`, issuedMs: clock() };
  const store = new WooStore({
    random: kit.random, seed: kit.seed, now: () => kit.now(), orders: options.orders ?? 120, customers: options.customers ?? 40,
    buyers: options.buyers ?? [], idSalt: key.consumerKey,
  });
  const settings: RestSettings = {
    kit, store, key, ...style, currency: options.currency ?? 'USD', offsetMinutes: options.utcOffsetMinutes ?? 480,
    inclusiveDateBounds: options.inclusiveDateBounds ?? false, phpNotices: options.phpNotices ?? false, customStatuses: new Set(),
  };
  registerRestApi(settings);
  const webhooks = new WebhookDelivery(() => kit.url, options.webhookDisableAfter ?? 5);
  const pushesOf = (changes: StoreChange[]): Push[] =>
    changes.flatMap((change) => {
      if (change.resource === 'order') {
        const order = store.order(change.id);
        return order ? [{ topic: `order.${change.event}`, payload: orderJson(order, settings.currency, settings.offsetMinutes, kit.url) }] : [];
      }
      const customer = store.customer(change.id);
      return customer ? [{ topic: `customer.${change.event}`, payload: customerJson(customer, settings.offsetMinutes, false) }] : [];
    });
  const mutate = async (counts: { orders?: number; customers?: number } = {}): Promise<MutationSummary> => {
    const summary = store.mutate(counts);
    await webhooks.deliver(pushesOf(summary.changes));
    return summary;
  };

  kit.control('mutate', (body: { orders?: number; customers?: number } | undefined) => mutate(body ?? {}));
  kit.control('webhooks', (body: Record<string, unknown> | undefined) => webhooks.subscribe(body ?? {}));
  kit.control('state', () => ({
    orders: store.orders.length, customers: store.customers.length, refunds: store.refunds().length,
    webhooks: { ...webhooks.counts, subscriptions: webhooks.subscriptions.map((s) => ({ id: s.id, url: s.url, status: s.status, failures: s.failures })) },
  }));
  kit.control('set-status', async (body: { id?: number; status?: string } | undefined) => {
    if (typeof body?.id !== 'number' || typeof body.status !== 'string') throw new Error('set-status needs {"id": <order id>, "status": "<status>"}');
    if (!(ORDER_STATUSES as readonly string[]).includes(body.status)) settings.customStatuses.add(body.status);
    const order = store.setStatus(body.id, body.status);
    await webhooks.deliver(pushesOf([{ resource: 'order', event: 'updated', id: order.id }]));
    return { id: order.id, status: order.status };
  });
  // Records changed mid-listing (changeAfterPages): a few orders move on, stamped now.
  kit.onMutate(async () => {
    await mutate({ orders: 5, customers: 2 });
  });

  const url = await kit.start();
  return {
    url, kit, store, webhooks, settings, mutate,
    credentials: { storeUrl: url, consumerKey: key.consumerKey, consumerSecret: key.consumerSecret },
    close: () => kit.close(),
  };
}

/** The module `datong emulate woocommerce` loads. */
export const platform = 'woocommerce';
export const wooEmulator: EmulatorModule = { platform, startEmulator };
export { API };

import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { minuteQuotaAnswer, registerRoutes, type RouteCounters, type RouteSettings } from './api-routes.js';
import { sendPush, type PushRequest } from './push-sender.js';
import { ShopStore, type MutationSummary } from './shop-store.js';
import { TokenRegistry } from './token-registry.js';
import { wechatError } from './wechat-answers.js';

export type { MutationSummary } from './shop-store.js';
export type { ShopStore } from './shop-store.js';
export type { EmuAftersale, EmuOrder, EmuBuyer } from './shop-data.js';
export { AFTERSALE_STATUSES, CHANNELS_ORDER_STATUSES, MINISHOP_ORDER_STATUSES } from './shop-data.js';
export { buyerFor } from './order-factory.js';

/** How to start the WeChat shop emulator; every field has a default. */
export interface WechatEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same shop: buyers, orders, after-sales and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock, ms epoch. Default Date.now. */
  now?: () => number;
  /** Seeded orders; default 120. */
  orders?: number | string;
  /** People who also shop here: the first buyers.length orders are theirs, in order. */
  buyers?: SeedPerson[];
  /** Which status set the seeded orders use: `channels` (default) or `minishop` (adds 1010). Both APIs are served either way. */
  api?: 'channels' | 'minishop';
  appId?: string;
  appSecret?: string;
  /** Names the Open Platform account unionids belong to; default "datong-open". */
  unionAccount?: string;
  /** Access-token lifetime, seconds; default 7200. */
  tokenTtlSeconds?: number | string;
  /** How long a superseded token keeps working after a new one is issued, seconds; default 300. */
  tokenGraceSeconds?: number | string;
  /** next_key semantics (UNCONFIRMED): `keyset` (default, names the last item served) or `offset`. */
  nextKeyMode?: 'keyset' | 'offset';
  /** Mask the receiver as WeChat does by default (林**, 183****2807, ****); default true. */
  maskPii?: boolean | string;
  /** sensitiveinfo/decode calls allowed per Beijing day; default 30 (UNCONFIRMED). */
  decodeQuota?: number | string;
  /** Calls per API per minute before errcode 45011; default unlimited. */
  minuteQuota?: number | string;
  /** Calls per API per Beijing day before errcode 45009; default unlimited. */
  dailyQuota?: number | string;
  /** Widest update-time window of the mini-program shop's get_list, days; default none (UNCONFIRMED). */
  minishopMaxWindowDays?: number | string;
  /** Orders are created over this many days before now; default 30. */
  days?: number | string;
}

/** A running WeChat shop emulator: the kit, its shop and its tokens. */
export interface RunningWechatEmulator extends RunningEmulator {
  store: ShopStore;
  tokens: TokenRegistry;
  counters: RouteCounters;
}

const num = (value: unknown, fallback: number): number => (value === undefined || value === '' ? fallback : Number(value));
const opt = (value: unknown): number | undefined => (value === undefined || value === '' ? undefined : Number(value));

/**
 * Starts an emulated WeChat shop API on 127.0.0.1: /cgi-bin/token (7200 s tokens; a new one
 * supersedes the old after a 5-minute grace), the Channels shop's order list/get (ids only,
 * update_time_range ≤ 7 days, page_size ≤ 100, next_key), sensitiveinfo/decode, the after-sale
 * list/get (≤ 24 hours), and the legacy mini-program shop's get_list; errors inside HTTP 200.
 * Controls besides the kit's: POST /_emulator/mutate `{"orders": n, "aftersales": n}`,
 * POST /_emulator/set-status `{"orderId": "...", "status": 999}`, POST /_emulator/state, and
 * POST /_emulator/push `{"url", "token", "event"?, "orderId"?, "tamper"?}` (sends a signed message push).
 *
 * @example
 *   const wechat = await startEmulator({ seed: 7 });
 *   // config: { appId: wechat.credentials.appId, appSecret: wechat.credentials.appSecret, baseUrl: wechat.url }
 */
export async function startEmulator(options: WechatEmulatorOptions = {}): Promise<RunningWechatEmulator> {
  const clock = options.now ?? Date.now;
  const seedNumber = num(options.seed, 1);
  const appId = options.appId ?? `wx${(0x5eed0000 + seedNumber).toString(16).padStart(16, '0')}`;
  const appSecret = options.appSecret ?? `emulatorsecret${String(seedNumber).padStart(18, '0')}`;
  const kit = new EmulatorKit({
    name: 'wechat-shop',
    port: options.port === undefined ? undefined : Number(options.port),
    host: options.host,
    seed: seedNumber,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => minuteQuotaAnswer(),
    // The gateway's own hiccup is errcode -1 in an HTTP 200, not a 5xx.
    serverErrorResponse: () => wechatError('systemBusy'),
  });
  const store = new ShopStore({
    random: kit.random,
    seed: kit.seed,
    appId,
    unionAccount: options.unionAccount ?? 'datong-open',
    api: options.api ?? 'channels',
    orders: num(options.orders, 120),
    buyers: options.buyers ?? [],
    days: num(options.days, 30),
    nowS: () => Math.floor(kit.now() / 1000),
  });
  const tokens = new TokenRegistry(kit, appId, num(options.tokenTtlSeconds, 7200), num(options.tokenGraceSeconds, 300));
  const settings: RouteSettings = {
    appId,
    appSecret,
    nextKeyMode: options.nextKeyMode ?? 'keyset',
    maskPii: options.maskPii === undefined ? true : options.maskPii !== false && options.maskPii !== 'false',
    decodeQuota: num(options.decodeQuota, 30),
    minuteQuota: opt(options.minuteQuota),
    dailyQuota: opt(options.dailyQuota),
    minishopMaxWindowS: options.minishopMaxWindowDays === undefined ? undefined : Number(options.minishopMaxWindowDays) * 86_400,
  };
  const counters: RouteCounters = { decodes: new Map(), minute: new Map(), daily: new Map() };
  registerRoutes(kit, store, tokens, settings, counters);

  kit.control('mutate', (body: { orders?: number; aftersales?: number } | undefined): MutationSummary => store.mutate(body ?? {}));
  kit.control('set-status', (body: { orderId?: string; index?: number; status?: number } | undefined) => {
    const order = body?.orderId !== undefined ? store.order(body.orderId) : store.orders[body?.index ?? 0];
    if (!order || typeof body?.status !== 'number') throw new Error('set-status takes {"orderId" or "index", "status": number}');
    order.status = body.status;
    order.updateTime = Math.max(Math.floor(kit.now() / 1000), order.updateTime + 1);
    return { orderId: order.orderId, status: order.status, updateTime: order.updateTime };
  });
  kit.control('push', (body: PushRequest | undefined) => {
    if (!body?.url || !body.token) throw new Error('push takes {"url": "...", "token": "...", "event"?, "orderId"?, "tamper"?}');
    return sendPush(body, kit.now());
  });
  kit.control('state', () => ({ orders: store.orders.length, aftersales: store.aftersales.length, tokenRequests: tokens.requests, decodes: Object.fromEntries(counters.decodes) }));
  kit.onMutate(() => {
    store.mutate({ orders: 5, aftersales: 2 });
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    tokens,
    counters,
    credentials: { appId, appSecret, baseUrl: url },
    close: () => kit.close(),
  };
}

/** The module `datong emulate wechat-shop` loads. */
export const platform = 'wechat-shop';
export const wechatShopEmulator: EmulatorModule = { platform, startEmulator };

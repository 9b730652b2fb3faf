import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { afterSaleList } from './after-sale-list.js';
import { batchDecrypt, type DecryptCounter } from './batch-decrypt.js';
import { failure } from './envelope.js';
import { gateway, type MethodHandler } from './gateway.js';
import { orderSearch } from './order-search.js';
import { ReceiverCipher } from './receiver-cipher.js';
import { ShopStore, type MutationSummary } from './shop-store.js';
import { tokenCreate, tokenRefresh } from './token-methods.js';
import { TokenStore } from './token-store.js';

export type { EmuOrder, EmuAfterSale, MutationSummary } from './shop-store.js';
export type { ShopStore } from './shop-store.js';
export type { TokenStore } from './token-store.js';
export { ORDER_STATUSES, AFTERSALE_STATUSES, SKU_REFUND_STATUSES, PAY_TYPES } from './status-tables.js';

/** How to start the Douyin shop emulator; every field has a default. */
export interface DouyinEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same shop: orders, cases, ids and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock, ms epoch. Default Date.now. */
  now?: () => number;
  /** Orders to seed (default 120): the first seven have every order_status. */
  orders?: number;
  /** People who also shop here: the first buyers.length orders are theirs, in order. */
  buyers?: SeedPerson[];
  appKey?: string;
  appSecret?: string;
  shopId?: number;
  /** Results one listing may reach before 40004 :20013 (default 50,000; tests use a handful). */
  maxResults?: number;
  /** order.searchList / afterSale.List size maximum (default 100). */
  maxPageSize?: number;
  /** Orders are created within this many days before now (default 7). */
  days?: number | string;
  /** Lookback of order.searchList, days (default 90). */
  lookbackDays?: number;
  /** Allowed timestamp skew, s (UNCONFIRMED; default 600). */
  skewSeconds?: number;
  /** The throttle answer's code (UNCONFIRMED; default 40300, sub_code isv.flow-limit). */
  rateLimitCode?: number;
  /** How long a throttle bans the app, s (default 1). */
  banSeconds?: number;
  /** Access / refresh token lifetimes, s (default 7 and 14 days). */
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** order.batchDecrypt's most ciphertexts per call (UNCONFIRMED; default 50). */
  decryptBatchMax?: number;
}

/** The config values the source needs to reach this emulator (`DOUYIN_APP_KEY`… in an env file). */
export interface DouyinCredentials extends Record<string, string> {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string;
  shopId: string;
}

/** A running Douyin emulator: the kit, its shop, its tokens and its decrypt counter. */
export interface RunningDouyinEmulator extends RunningEmulator {
  credentials: DouyinCredentials;
  store: ShopStore;
  tokens: TokenStore;
  decrypts: DecryptCounter;
}

/** The code token.create takes with grant_type authorization_code. */
export const AUTH_CODE = 'emulator-auth-code';

/**
 * Starts an emulated Douyin shop open platform (openapi-fxg.jinritemai.com) on 127.0.0.1: the
 * signed gateway (re-sorted param_json, md5 or hmac-sha256, lowercase hex), token.create and
 * token.refresh with the documented refresh rules, order.searchList, afterSale.List and
 * order.batchDecrypt, errors in the envelope with HTTP 200, and the kit's faults. Control
 * actions besides the kit's: POST /_emulator/mutate `{"orders": n, "afterSales": n}`,
 * POST /_emulator/state.
 *
 * @example
 *   const douyin = await startEmulator({ orders: 40 });
 *   // config: { appKey, appSecret, accessToken, refreshToken, baseUrl: douyin.url } from douyin.credentials
 */
export async function startEmulator(options: DouyinEmulatorOptions = {}): Promise<RunningDouyinEmulator> {
  const clock = options.now ?? Date.now;
  const appKey = options.appKey ?? `7${String(options.seed ?? 1).padStart(18, '0')}`;
  const appSecret = options.appSecret ?? `emu-secret-${options.seed ?? 1}-5349d12d`;
  const shopId = num(options.shopId, 4_463_798);
  let bannedUntil = 0;
  const banMs = num(options.banSeconds, 1) * 1000;
  const rateLimitCode = num(options.rateLimitCode, 40300);
  const throttled = () => failure(rateLimitCode, '请求频率超限', 'isv.flow-limit', `调用过于频繁,请${Math.max(1, Math.round(banMs / 1000))}秒后重试`, 'rate-limit');
  const kit = new EmulatorKit({
    name: 'douyin',
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => {
      bannedUntil = clock() + banMs;
      return throttled();
    },
    // The gateway answers its own failures inside HTTP 200: isp.service-error, to be retried.
    serverErrorResponse: () => failure(20000, '系统错误', 'isp.service-error:20004', '系统超时,请重试'),
  });
  const cipher = new ReceiverCipher(appSecret);
  const store = new ShopStore({
    seed: kit.seed, random: kit.random, cipher, appKey, shopId, now: () => kit.now(),
    orders: num(options.orders, 120), buyers: options.buyers ?? [], days: num(options.days, 7),
  });
  const tokens = new TokenStore({
    accessTtlSeconds: num(options.accessTtlSeconds, 7 * 86_400),
    refreshTtlSeconds: num(options.refreshTtlSeconds, 14 * 86_400),
    refreshWindowSeconds: 3600,
    graceSeconds: 3600,
  }, () => kit.now());
  const installed = tokens.issue();
  const decrypts: DecryptCounter = { calls: 0, ciphertexts: 0 };
  const limits = { maxPageSize: num(options.maxPageSize, 100), maxResults: num(options.maxResults, 50_000), lookbackDays: num(options.lookbackDays, 90) };
  const methods = new Map<string, MethodHandler>([
    ['token.create', tokenCreate(kit, tokens, shopId, AUTH_CODE)],
    ['token.refresh', tokenRefresh(kit, tokens, shopId)],
    ['order.searchList', orderSearch(kit, store, limits)],
    ['afterSale.List', afterSaleList(kit, store, limits)],
    ['order.batchDecrypt', batchDecrypt(cipher, num(options.decryptBatchMax, 50), decrypts)],
  ]);
  const handle = gateway({
    kit, appKey, appSecret, tokens, methods,
    unauthenticated: new Set(['token.create', 'token.refresh']),
    skewSeconds: num(options.skewSeconds, 600),
    banned: () => clock() < bannedUntil,
    throttled,
  });
  kit.route('POST', '/:group/:name', handle);
  kit.route('GET', '/:group/:name', handle);
  kit.control('mutate', (body: { orders?: number; afterSales?: number } | undefined): MutationSummary => store.mutate(body ?? {}));
  kit.control('state', () => ({ orders: store.orders.length, afterSales: store.afterSales.length, refreshes: tokens.refreshes, decrypts }));
  kit.onMutate(() => {
    store.mutate({ orders: 5, afterSales: 2 });
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    tokens,
    decrypts,
    credentials: { baseUrl: url, appKey, appSecret, accessToken: installed.accessToken, refreshToken: installed.refreshToken, shopId: String(shopId) },
    close: () => kit.close(),
  };
}

/** A numeric setting: `datong emulate douyin --set maxResults=30` hands it over as text. */
function num(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`douyin emulator: setting ${JSON.stringify(value)} is not a number`);
  return n;
}

/** The module `datong emulate douyin` loads. */
export const platform = 'douyin';
export const douyinEmulator: EmulatorModule = { platform, startEmulator };

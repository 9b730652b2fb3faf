import { createHash } from 'node:crypto';
import { EmulatorKit, type EmulatorModule, type EmulatorResponse, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { dateHeaders, routerHandler } from './gateway.js';
import { refreshHandler } from './oauth-refresh.js';
import { orderSearch } from './order-search.js';
import { refundSearch } from './refund-search.js';
import { OrderStore } from './order-store.js';

export { JD_ORDER_STATES, type EmuOrder, type EmuRefund, type OrderStore } from './order-store.js';
export { expectedSign } from './gateway-signature.js';

/** How to start the JD emulator; every field has a default. */
export interface JdEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same shop, credentials and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock, ms epoch. Default Date.now. */
  now?: () => number;
  /** Seeded orders. Default 120. */
  orders?: number;
  /** People who also shop here: the first buyers.length orders are theirs, in order. */
  buyers?: SeedPerson[];
  /** Orders are created within this many days before now. Default 10. */
  spreadDays?: number;
  /** The gateway's timestamp tolerance, ms. Default 360,000 (±6 min; error 8 beyond). */
  clockSkewMs?: number;
  /** The widest start_date..end_date a search takes, ms. Default 31 days (mirrors: a month). */
  maxWindowMs?: number;
  /** page_size maximum. Default 50 (mirrors). */
  maxPageSize?: number;
  /** The gateway code for an expired or unknown access token. Default "19" (UNCONFIRMED). */
  tokenErrorCode?: string;
  /** The wait the throttle answer states, seconds. Default 1 (JD's real wording is UNCONFIRMED). */
  throttleBanSeconds?: number;
  /** Envelope suffix: "_responce" (JD's spelling, default) or "_response". */
  responseSuffix?: '_responce' | '_response';
  /** Send a Date header with the emulator's clock. Default true (Node then sends the real time otherwise). */
  dateHeader?: boolean;
}

/** A running JD emulator: the kit, its orders and its counters. */
export interface RunningJdEmulator extends RunningEmulator {
  store: OrderStore;
  /** access token → issued-at (ms). */
  tokens: Map<string, number>;
  oauth: { refreshes: number };
}

const hex = (text: string, n: number) => createHash('sha256').update(text).digest('hex').slice(0, n);

/**
 * Starts an emulated JOS router (`/routerjson`, GET or POST) on 127.0.0.1: MD5 signatures
 * verified, the ±6 minute timestamp rule, access tokens (expiring with the kit's tokenExpiresAt
 * fault) and the refresh grant at /oauth2/refresh_token, jingdong.pop.order.enSearch (ciphertext
 * consignee), jingdong.pop.order.search (masked consignee) and
 * jingdong.pop.afs.soa.refundapply.queryPageList (refund applications) with their window and page limits, errors inside HTTP 200, and the kit's faults. Control: POST /_emulator/mutate
 * `{"orders": n, "added": m}`.
 *
 * @example
 *   const jd = await startEmulator({ seed: 7 });
 *   // config: { ...jd.credentials } (appKey, appSecret, accessToken, refreshToken, baseUrl, oauthUrl)
 */
export async function startEmulator(options: JdEmulatorOptions = {}): Promise<RunningJdEmulator> {
  const seed = options.seed ?? 1;
  const appKey = hex(`jd-app-key-${seed}`, 32).toUpperCase();
  const appSecret = hex(`jd-app-secret-${seed}`, 32);
  const accessToken = `${hex(`jd-token-${seed}`, 8)}-${hex(`jd-token2-${seed}`, 4)}-${hex(`jd-token3-${seed}`, 4)}-${hex(`jd-token4-${seed}`, 12)}`;
  const refreshToken = hex(`jd-refresh-${seed}`, 32);
  const venderId = String(10_000 + seed);
  const dateHeader = options.dateHeader ?? true;
  const ban = options.throttleBanSeconds ?? 1;
  const kit: EmulatorKit = new EmulatorKit({
    name: 'jd',
    port: options.port,
    host: options.host,
    seed,
    faults: options.faults,
    now: options.now,
    rateLimitResponse: (): EmulatorResponse => ({
      status: 200,
      // Only ever called once the kit exists.
      headers: dateHeaders({ kit, dateHeader }),
      json: { error_response: { code: '2', zh_desc: `App调用次数超限,请${ban}秒后重试`, en_desc: `App Call Limited, retry after ${ban} seconds` } },
    }),
    serverErrorResponse: () => ({ status: 503, text: 'Service Unavailable' }),
  });
  const store = new OrderStore({
    appKey, venderId, random: kit.random, seed: kit.seed, now: () => kit.now(),
    orders: options.orders ?? 120, buyers: options.buyers, spreadDays: options.spreadDays ?? 10,
  });
  const tokens = new Map<string, number>([[accessToken, kit.now()]]);
  const refreshTokens = new Map<string, string>([[refreshToken, accessToken]]);
  const oauth = { refreshes: 0 };
  const search = { kit, store, appSecret, venderId, maxWindowMs: options.maxWindowMs ?? 31 * 86_400_000, maxPageSize: options.maxPageSize ?? 50 };
  const router = routerHandler({
    kit,
    apps: new Map([[appKey, appSecret]]),
    tokens,
    clockSkewMs: options.clockSkewMs ?? 360_000,
    tokenErrorCode: options.tokenErrorCode ?? '19',
    dateHeader,
    responseSuffix: options.responseSuffix ?? '_responce',
    methods: new Map([
      ['jingdong.pop.order.enSearch', orderSearch(search, true)],
      ['jingdong.pop.order.search', orderSearch(search, false)],
      ['jingdong.pop.afs.soa.refundapply.queryPageList', refundSearch(search)],
    ]),
  });
  kit.route('GET', '/routerjson', router);
  kit.route('POST', '/routerjson', router);
  const refresh = refreshHandler(kit, { appKey, appSecret }, tokens, refreshTokens, oauth);
  kit.route('GET', '/oauth2/refresh_token', refresh);
  kit.route('POST', '/oauth2/refresh_token', refresh);
  kit.control('mutate', (body: { orders?: number; added?: number } | undefined) => store.mutate(body?.orders ?? 5, body?.added ?? 0));
  kit.control('state', () => ({ orders: store.orders.length, refreshes: oauth.refreshes }));
  kit.onMutate(() => {
    store.mutate(5, 1);
  });
  const url = await kit.start();
  return {
    url, kit, store, tokens, oauth,
    credentials: { appKey, appSecret, accessToken, refreshToken, baseUrl: url, oauthUrl: url },
    close: () => kit.close(),
  };
}

/** The module `datong emulate jd` loads. */
export const platform = 'jd';
export const jdEmulator: EmulatorModule = { platform, startEmulator };

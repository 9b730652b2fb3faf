import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { FlowControl, gateway } from './gateway.js';
import type { MaskStyle } from './pii-mask.js';
import { SellerStore, type MutationSummary } from './seller-store.js';
import { Sessions } from './sessions.js';
import { topError } from './top-answers.js';
import { tradeApis } from './trade-apis.js';

export type { MutationSummary, SellerStore } from './seller-store.js';
export type { EmuTrade, EmuRefund, EmuLine } from './seller-data.js';
export { TRADE_STATUSES, REFUND_STATUSES, STEP_STATUSES } from './trade-statuses.js';
export { openUidOf } from './buyer-ids.js';

/** How to start the Taobao (TOP) emulator; every field has a default. */
export interface TaobaoEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same seller: trades, buyers and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock, ms epoch. Default Date.now. */
  now?: () => number;
  /** How many trades to seed. Default 120. */
  orders?: number;
  /** People who also shop here: the first `buyers.length` trades are theirs, in order. */
  buyers?: SeedPerson[];
  /** Trades are created within this many days before now. Default 3. */
  days?: number;
  /** The app key it answers to. Default "12345678". */
  appKey?: string;
  /** Seconds a flow-control ban lasts (TOP says e.g. 41; tests want 1). Default 1. */
  banSeconds?: number;
  /** Lifetime of issued sessions, seconds. Default 86400. */
  tokenTtlSeconds?: number;
  /** How far a request's timestamp may be from the emulator's clock (UNCONFIRMED). Default 10 minutes. */
  maxSkewMinutes?: number;
  /** The widest listing window, minutes. Default 1440 (TOP: one day). */
  maxWindowMinutes?: number;
  /** How receiver fields are masked: "partial" (张**, 138****5678; default) or "full" ("***"). Formats UNCONFIRMED. */
  maskStyle?: MaskStyle;
}

/** A running Taobao emulator: the kit, its seller's data and its sessions. */
export interface RunningTaobaoEmulator extends RunningEmulator {
  store: SellerStore;
  sessions: Sessions;
  decrypted: { calls: number; receivers: number };
}

/**
 * Starts an emulated TOP gateway on 127.0.0.1: `POST /router/rest` verifying md5, hmac and
 * hmac-sha256 signatures, timestamps and sessions; trades.sold.increment.get (one-day windows,
 * page_size 1-100, modified descending, pages that shift when trades change mid-scan),
 * trade.fullinfo.get, refunds.receive.get and top.oaid.decrypt; flow-control bans with the seconds
 * in sub_msg; and `POST /token`, the OAuth refresh_token grant. Controls besides the kit's:
 * POST /_emulator/mutate `{"orders": n}`, POST /_emulator/state.
 *
 * @example
 *   const taobao = await startEmulator({ seed: 7 });
 *   // config: { appKey, appSecret, session, baseUrl: taobao.url } = taobao.credentials
 */
export async function startEmulator(options: TaobaoEmulatorOptions = {}): Promise<RunningTaobaoEmulator> {
  const appKey = options.appKey ?? '12345678';
  const appSecret = `emulator-secret-${appKey}-${options.seed ?? 1}`;
  const clock = options.now ?? Date.now;
  // The kit answers the rateLimitAfter fault with the ban, which needs the kit's clock: set just below.
  const bans: { control?: FlowControl } = {};
  const kit = new EmulatorKit({
    name: 'taobao',
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => bans.control!.start(),
    serverErrorResponse: () => topError(10, 'Service Currently Unavailable', { sub_code: 'isp.service-unavailable', sub_msg: 'emulated outage' }),
  });
  const ban = new FlowControl(kit, Number(options.banSeconds ?? 1));
  bans.control = ban;
  const store = new SellerStore({
    random: kit.random,
    seed: kit.seed,
    now: () => kit.now(),
    appKey,
    sellerId: '2200000000001',
    orders: Number(options.orders ?? 120),
    buyers: options.buyers ?? [],
    days: Number(options.days ?? 3),
  });
  const sessions = new Sessions(kit, appKey, appSecret, Number(options.tokenTtlSeconds ?? 86_400));
  const installed = sessions.install();
  const decrypted = { calls: 0, receivers: 0 };
  const apis = tradeApis({
    kit, store, mask: options.maskStyle ?? 'partial', maxWindowMs: Number(options.maxWindowMinutes ?? 1440) * 60_000, decryptBatch: 20, decrypted,
  });
  kit.route('POST', '/router/rest', gateway({ kit, sessions, appKey, appSecret, apis, maxSkewMinutes: Number(options.maxSkewMinutes ?? 10), ban }));
  kit.route('POST', '/token', (req) => sessions.handle(req));
  kit.control('mutate', (body: { orders?: number } | undefined): MutationSummary => store.mutate(body?.orders ?? 5));
  kit.control('state', () => ({ trades: store.trades.length, refunds: store.refunds.length, refreshes: sessions.refreshCount, decrypted }));
  kit.onMutate(() => {
    store.mutate(5);
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    sessions,
    decrypted,
    credentials: { appKey, appSecret, session: installed.session, refreshToken: installed.refreshToken, baseUrl: url, oauthBaseUrl: url },
    close: () => kit.close(),
  };
}

/** The module `datong emulate taobao` loads. */
export const platform = 'taobao';
export const taobaoEmulator: EmulatorModule = { platform, startEmulator };

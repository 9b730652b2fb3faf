import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { AuthTokens } from './auth-tokens.js';
import { MallStore } from './mall-store.js';
import { pddError } from './pdd-errors.js';
import { routerEndpoint, type RouterRules } from './router-endpoint.js';

export type { EmuOrder, EmuRefund, MallStore } from './mall-store.js';
export { AFTER_SALES_VALUES } from './order-scenarios.js';
export { beijingText, shownPhone } from './order-view.js';
export { expectedSign } from './router-signature.js';

/** How to start the Pinduoduo emulator; every field has a default. */
export interface PinduoduoEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same mall: orders, buyers and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock: a function, or a ms epoch the clock starts from (it then runs on). Default Date.now. */
  now?: number | (() => number);
  /** Seeded orders. Default 120. */
  orders?: number;
  /** Orders are created within this many days before now. Default 2. */
  days?: number;
  /** People who also shop here: the first buyers.length orders are theirs, in order. */
  buyers?: SeedPerson[];
  /** The app's client_id. Default "emu-pdd-client-<seed>". */
  clientId?: string;
  /** Error code of the throttle answer (the rate-limit fault). Default 70031 (UNCONFIRMED; 70032 also listed). */
  throttleCode?: number;
  /** Error code of an expired access token. Default 10019 (UNCONFIRMED; 10035 also listed). */
  expiredTokenCode?: number;
  /** Access-token lifetime, seconds. Default 86400 (UNCONFIRMED). */
  tokenTtlSeconds?: number;
  /** Whether a refresh issues a new refresh token. Default true (UNCONFIRMED). */
  rotateRefreshToken?: boolean;
  maxWindowSeconds?: number;
  maxPageSize?: number;
  maxClockSkewSeconds?: number;
  acceptMillisecondTimestamps?: boolean;
  windowEndInclusive?: boolean;
  /** Serve the receiver's name, phone and address as ciphertext with *_mask fields (the newer PDD model, UNCONFIRMED). Default false. */
  encryptedReceiver?: boolean;
}

/** A running Pinduoduo emulator: the kit, the mall and its tokens. */
export interface RunningPinduoduoEmulator extends RunningEmulator {
  store: MallStore;
  tokens: AuthTokens;
  rules: RouterRules;
}

/**
 * Starts an emulated PDD Open Platform router (POST /api/router) on 127.0.0.1: signed calls
 * verified, the 30-minute windows and page-size cap enforced with PDD's error_response inside HTTP
 * 200, orders sorted newest-change first, every status value among the seeded orders, receiver
 * phones masked once shipped, token expiry and refresh, and the kit's faults. Control actions
 * besides the kit's: POST /_emulator/mutate `{"orders": n}`, POST /_emulator/state.
 *
 * @example
 *   const pdd = await startEmulator({ seed: 7 });
 *   // config: { baseUrl: pdd.url, clientId: pdd.credentials.clientId, clientSecret: ..., accessToken: ... }
 */
export async function startEmulator(options: PinduoduoEmulatorOptions = {}): Promise<RunningPinduoduoEmulator> {
  const seed = num(options.seed) ?? 1;
  const clock = clockOf(options.now);
  const throttleCode = num(options.throttleCode) ?? 70031;
  const kit = new EmulatorKit({
    name: 'pinduoduo',
    port: num(options.port),
    host: options.host,
    seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => pddError(throttleCode, '接口调用频率超限，请稍后再试', 'isv.call-limited'),
    serverErrorResponse: () => ({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } }),
  });
  const clientId = options.clientId ?? `emu-pdd-client-${seed}`;
  const rules: RouterRules = {
    clientId,
    clientSecret: `emu-pdd-secret-${seed}-7f3a9c`,
    maxWindowSeconds: num(options.maxWindowSeconds) ?? 1800,
    maxPageSize: num(options.maxPageSize) ?? 100,
    maxClockSkewSeconds: num(options.maxClockSkewSeconds) ?? 600,
    acceptMillisecondTimestamps: bool(options.acceptMillisecondTimestamps) ?? false,
    windowEndInclusive: bool(options.windowEndInclusive) ?? true,
    expiredTokenCode: num(options.expiredTokenCode) ?? 10019,
    encryptedReceiver: bool(options.encryptedReceiver) ?? false,
  };
  const store = new MallStore({
    random: kit.random,
    seed: kit.seed,
    now: () => kit.now(),
    orders: num(options.orders) ?? 120,
    days: num(options.days) ?? 2,
    buyers: options.buyers ?? [],
    appKey: clientId,
  });
  const tokens = new AuthTokens(kit, num(options.tokenTtlSeconds) ?? 86_400, bool(options.rotateRefreshToken) ?? true, 700_000 + seed);
  const accessToken = tokens.issue();

  const router = routerEndpoint({ kit, store, tokens, rules });
  kit.route('POST', '/api/router', router);
  kit.route('GET', '/api/router', router);
  kit.control('mutate', (body: { orders?: number } | undefined) => store.mutate(Number(body?.orders ?? 5)));
  kit.control('state', () => ({ orders: store.orders.length, refunds: store.refunds.length, refreshes: tokens.refreshCount }));
  kit.onMutate(() => {
    store.mutate(5);
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    tokens,
    rules,
    credentials: {
      baseUrl: `${url}/api/router`,
      clientId,
      clientSecret: rules.clientSecret,
      accessToken,
      refreshToken: tokens.currentRefreshToken,
    },
    close: () => kit.close(),
  };
}

/** `datong emulate --set` passes text: numbers and booleans arrive as strings. */
function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got ${JSON.stringify(value)}`);
  return n;
}

function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true' || value === '1' || value === 1;
}

function clockOf(now: PinduoduoEmulatorOptions['now']): () => number {
  if (typeof now === 'function') return now;
  const start = typeof now === 'string' && !/^\d+$/.test(now) ? Date.parse(now) : num(now);
  if (start === undefined || Number.isNaN(start)) return Date.now;
  const started = Date.now();
  return () => start + (Date.now() - started);
}

/** The module `datong emulate pinduoduo` loads. */
export const platform = 'pinduoduo';
export const pinduoduoEmulator: EmulatorModule = { platform, startEmulator };

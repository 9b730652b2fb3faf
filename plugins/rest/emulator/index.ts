import { EmulatorKit, type EmulatorModule, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { checkAuth, type AuthKind, type AuthSettings } from './auth-check.js';
import { PAGING_STYLES, serveListing, type PagingStyle } from './listing.js';
import { OwnStore, type MutationSummary, type StoreMember, type StoreOrder } from './store-data.js';

export { ORDER_STATES, REFUND_STATES, MEMBER_LEVELS, memberIdOf, type StoreOrder, type StoreMember, type MutationSummary } from './store-data.js';
export { PAGING_STYLES, type PagingStyle } from './listing.js';
export type { AuthKind } from './auth-check.js';
export const AUTH_KINDS: readonly AuthKind[] = ['none', 'bearer', 'basic', 'apiKey', 'apiKeyQuery', 'hmac'];

/** How to start the own-store emulator; every field has a default. */
export interface OwnStoreEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same store: members, orders, credentials and random faults. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The store's clock (ms epoch, or a function of it). Default Date.now. */
  now?: number | (() => number);
  /** Orders seeded. Default 120. */
  orders?: number;
  /** Members seeded (at least the buyers). Default 40. */
  members?: number;
  /** People who also shop here: the first orders are theirs, in order, and they are members. */
  buyers?: SeedPerson[];
  /** The auth the store asks for. Default bearer. apiKey sends X-Api-Key; apiKeyQuery sends ?api_key=. */
  auth?: AuthKind;
  /** The paging style of every listing, or per listing. Default: orders page, members cursor. */
  pagination?: PagingStyle | { orders?: PagingStyle; members?: PagingStyle };
  /** The largest page a request may ask for (a larger one is answered 400). Default 100. */
  maxPageSize?: number;
  /** HMAC signatures in hex (default) or base64. */
  hmacEncoding?: 'hex' | 'base64';
  /** How far a signed timestamp may be from the store's clock, seconds. Default 300. */
  clockSkewSeconds?: number;
  /** Retry-After of the store's 429 answer, seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Names the store in member ids (a hash of it and the phone). Default "datong-own-store". */
  storeName?: string;
  /** Answer every error (400, 401, 429, 503) with HTTP 200 and the same `{code, message}` body, as some stores do. Default false. */
  errorsIn200?: boolean;
}

/** A running own-store emulator: the kit, the store's data and the credentials it accepts. */
export interface RunningOwnStoreEmulator extends RunningEmulator {
  store: OwnStore;
  auth: AuthKind;
  paging: { orders: PagingStyle; members: PagingStyle };
}

/**
 * Starts an emulated "own store" on 127.0.0.1: a small shop API none of the channel plugins know —
 * `GET /api/v2/orders` and `GET /api/v2/members`, filtered by `updated_since` (ISO 8601, records
 * modified at or after it), sorted by id, paged in the chosen style, behind the chosen auth — with
 * the kit's faults (429 with Retry-After, 5xx, duplicate or shifted pages, records changed mid-sync,
 * expired tokens). Controls besides the kit's: POST /_emulator/mutate `{"orders": n, "members": n,
 * "newOrders": n}`, POST /_emulator/set-state `{"order_no", "state", "refund_state"}`.
 *
 * @example
 *   const store = await startEmulator({ auth: 'hmac', pagination: 'link' });
 */
export async function startEmulator(options: OwnStoreEmulatorOptions = {}): Promise<RunningOwnStoreEmulator> {
  const seed = options.seed ?? 1;
  const clock = typeof options.now === 'number' ? fixed(options.now) : options.now ?? Date.now;
  const retryAfter = options.retryAfterSeconds ?? 1;
  // Some stores answer every error with HTTP 200 and say what went wrong in the body's code.
  const answer = (response: EmulatorResponse): EmulatorResponse =>
    options.errorsIn200 === true && (response.status ?? 200) >= 400 ? { ...response, status: 200 } : response;
  const kit = new EmulatorKit({
    name: 'rest',
    port: options.port,
    host: options.host,
    seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => answer({ status: 429, headers: { 'retry-after': String(retryAfter) }, json: { code: 42900, message: 'too many requests, slow down' } }),
    serverErrorResponse: () => answer({ status: 503, json: { code: 50300, message: 'store temporarily unavailable' } }),
  });
  const storeName = options.storeName ?? 'datong-own-store';
  const store = new OwnStore({
    storeName, seed: kit.seed, random: kit.random, now: () => kit.now(),
    orders: options.orders ?? 120, members: options.members ?? 40, buyers: options.buyers ?? [],
  });
  const kind = options.auth ?? 'bearer';
  const auth: AuthSettings = {
    kind,
    token: `own-store-token-${seed}-${hex(kit.random, 16)}`,
    username: 'datong-sync',
    password: `pw-${seed}-${hex(kit.random, 12)}`,
    apiKey: `ak_${seed}_${hex(kit.random, 24)}`,
    apiKeyHeader: 'X-Api-Key',
    apiKeyParam: 'api_key',
    keyId: `app-${seed}`,
    hmacSecret: `hs_${seed}_${hex(kit.random, 32)}`,
    hmacEncoding: options.hmacEncoding ?? 'hex',
    hmacHeader: 'X-Signature',
    timestampParam: 'timestamp',
    keyIdParam: 'key_id',
    clockSkewSeconds: options.clockSkewSeconds ?? 300,
    issuedAt: kit.now(),
  };
  const styles = typeof options.pagination === 'string' ? { orders: options.pagination, members: options.pagination } : options.pagination ?? {};
  const paging = { orders: styles.orders ?? 'page', members: styles.members ?? 'cursor' } as const;
  for (const style of Object.values(paging)) {
    if (!PAGING_STYLES.includes(style)) throw new Error(`unknown pagination style "${String(style)}"; styles: ${PAGING_STYLES.join(', ')}`);
  }
  const hidden = new Set([auth.apiKeyParam, auth.timestampParam, auth.keyIdParam]);
  const date = () => new Date(kit.now()).toUTCString();

  const listing = <T extends StoreOrder | StoreMember>(resource: 'orders' | 'members', records: () => T[], idOf: (r: T) => string) =>
    async (req: EmulatorRequest): Promise<EmulatorResponse> => {
      const refused = checkAuth(req, auth, kit);
      if (refused) return answer(refused);
      const since = req.query.get('updated_since');
      let all = records();
      if (since !== null) {
        const from = Date.parse(since);
        if (Number.isNaN(from)) return answer({ status: 400, json: { code: 40002, message: 'updated_since must be an ISO 8601 date-time' } });
        all = all.filter((r) => Date.parse(r.modified_at) >= from);
      }
      all = [...all].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
      const json = (rows: T[]) => rows.map((r) => structuredClone(r));
      return answer(await serveListing(req, json(all), idOf, {
        kit, resource, style: paging[resource], maxPageSize: options.maxPageSize ?? 100, defaultPageSize: 20, date: date(), privateParams: hidden,
      }));
    };
  kit.route('GET', '/api/v2/orders', listing('orders', () => store.orders, (o) => o.order_no));
  kit.route('GET', '/api/v2/members', listing('members', () => store.members, (m) => m.member_id));
  kit.control('mutate', (body: { orders?: number; members?: number; newOrders?: number } | undefined): MutationSummary => store.mutate(body ?? { orders: 5, members: 3 }));
  kit.control('set-state', (body: { order_no?: string; state?: string; refund_state?: string } | undefined) => store.setState(body ?? {}));
  kit.onMutate(() => {
    store.mutate({ orders: 5, members: 3 });
  });

  const url = await kit.start();
  return {
    url,
    kit,
    store,
    auth: kind,
    paging,
    credentials: credentialsFor(auth),
    close: () => kit.close(),
  };
}

/** The config values the plugin needs for this auth; `datong emulate rest --write-env` writes them as REST_<NAME>. */
function credentialsFor(auth: AuthSettings): Record<string, string> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'bearer':
      return { token: auth.token };
    case 'basic':
      return { username: auth.username, password: auth.password };
    case 'apiKey':
      return { apiKeyName: auth.apiKeyHeader, apiKey: auth.apiKey };
    case 'apiKeyQuery':
      return { apiKeyName: auth.apiKeyParam, apiKey: auth.apiKey };
    case 'hmac':
      return { keyId: auth.keyId, hmacSecret: auth.hmacSecret };
  }
}

function fixed(ms: number): () => number {
  return () => ms;
}

function hex(random: { int(min: number, max: number): number }, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += random.int(0, 15).toString(16);
  return out;
}

/** The module `datong emulate rest` loads. */
export const platform = 'rest';
export const restEmulator: EmulatorModule = { platform, startEmulator };

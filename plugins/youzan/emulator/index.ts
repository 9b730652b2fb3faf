import { EmulatorKit, type EmulatorModule, type FaultOptions, type RunningEmulator, type SeedPerson } from '@datong/sdk/emulator';
import { apiGateway, gatewayError } from './api-gateway.js';
import type { ReceiverPii } from './order-view.js';
import { PushSender, type PushTarget } from './push-sender.js';
import { ShopStore, type MutationSummary } from './shop-store.js';
import { TokenDesk } from './token-desk.js';

export type { EmuCustomer, EmuOrder, EmuRefund, MutationSummary, ShopStore } from './shop-store.js';
export { yzOpenIdOf } from './shop-store.js';
export { TRADE_STATUSES, REFUND_STATES, REFUND_CASE_STATUSES } from './youzan-statuses.js';
export { signPush } from './push-sender.js';

/** How to start the Youzan emulator; every field has a default. */
export interface YouzanEmulatorOptions {
  port?: number;
  host?: string;
  /** Same seed, same shop. Default 1. */
  seed?: number;
  faults?: FaultOptions;
  /** The emulator's clock: a ms epoch (fixed) or a function. Default Date.now. */
  now?: number | (() => number);
  /** Orders to seed (default 120); every trade status and refund state is among the first 16. */
  orders?: number;
  /** People who also shop here: the first buyers.length orders are theirs, in order. */
  buyers?: SeedPerson[];
  clientId?: string;
  clientSecret?: string;
  /** The shop's kdt_id (grant_id). Default "46000001". */
  kdtId?: string;
  /** Access-token lifetime, ms. Default 7 days. */
  tokenTtlMs?: number;
  /** How long a token replaced by refresh=true still works, ms (docs disagree: 1 h or at once). Default 0. */
  oldTokenGraceMs?: number;
  /** Receivers' names and phones: masked (default), plain or encrypted (ciphertext shape UNCONFIRMED). */
  receiverPii?: ReceiverPii;
  /** Mask buyer_phone too. Default false. */
  maskBuyerPhone?: boolean;
  /** trades.sold.get: widest time range (default 92 days), page size cap (100), page cap (100), sort ('desc'). */
  maxRangeDays?: number;
  maxPageSize?: number;
  maxPageNo?: number;
  sort?: 'desc' | 'asc';
}

export interface RunningYouzanEmulator extends RunningEmulator {
  store: ShopStore;
  tokens: TokenDesk;
  pushes: PushSender;
  /** Changes records as POST /_emulator/mutate does, pushes included. */
  mutate(counts?: { orders?: number; customers?: number; refunds?: number }): Promise<MutationSummary>;
}

/**
 * Starts an emulated Youzan Cloud gateway on 127.0.0.1: `/auth/token` (silent self-use tokens),
 * `/api/youzan.trades.sold.get/4.0.x`, `youzan.trade.get`, `youzan.trade.refund.search/3.0.1` and
 * `youzan.scrm.customer.list/1.0.0`, errors inside HTTP 200 (gw_err_resp, success:false), the
 * kit's faults (the rate-limit fault answers gateway 4101), and signed pushes. Controls besides the
 * kit's: POST /_emulator/mutate `{"orders":n,"customers":n,"refunds":n}`, POST /_emulator/webhooks
 * `{"url","secret"?}`, POST /_emulator/state.
 *
 * @example
 *   const yz = await startEmulator({ seed: 7 });
 *   // config: { clientId: yz.credentials.clientId, clientSecret: …, grantId: …, baseUrl: yz.url }
 */
export async function startEmulator(options: YouzanEmulatorOptions = {}): Promise<RunningYouzanEmulator> {
  const fixed = options.now;
  const clock = typeof fixed === 'number' ? () => fixed : typeof fixed === 'string' ? () => Date.parse(fixed) : fixed ?? Date.now;
  const seed = Number(options.seed ?? 1);
  const kit = new EmulatorKit({
    name: 'youzan',
    port: options.port,
    host: options.host,
    seed,
    faults: options.faults,
    now: clock,
    rateLimitResponse: () => gatewayError(4101, '请求太频繁'),
    serverErrorResponse: () => ({ status: 502, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' }),
  });
  const clientId = options.clientId ?? `yzemu${seed}client`;
  const clientSecret = options.clientSecret ?? `yzemu-secret-${seed}-5f3a9c`;
  const kdtId = options.kdtId ?? '46000001';
  const store = new ShopStore({ random: kit.random, seed: kit.seed, now: () => kit.now(), clientId, orders: Number(options.orders ?? 120), buyers: options.buyers });
  const tokens = new TokenDesk(kit, { clientId, clientSecret, kdtId, ttlMs: Number(options.tokenTtlMs ?? 7 * 86_400_000), oldTokenGraceMs: Number(options.oldTokenGraceMs ?? 0) });
  const view = { receiverPii: options.receiverPii ?? 'masked', maskBuyerPhone: options.maskBuyerPhone === true || String(options.maskBuyerPhone) === 'true' };
  const pushes = new PushSender({ clientId, clientSecret, kdtId: Number(kdtId), view, now: () => kit.now() });

  kit.route('POST', '/auth/token', (req) => tokens.handle(req));
  const gateway = apiGateway({
    kit, store, tokens, view, kdtId: Number(kdtId),
    maxRangeMs: Number(options.maxRangeDays ?? 92) * 86_400_000,
    maxPageSize: Number(options.maxPageSize ?? 100),
    maxPageNo: Number(options.maxPageNo ?? 100),
    sort: options.sort ?? 'desc',
  });
  kit.route('POST', '/api/:name/:version', gateway);
  kit.route('GET', '/api/:name/:version', gateway);

  const mutate = async (counts: { orders?: number; customers?: number; refunds?: number } = {}): Promise<MutationSummary> => {
    const changes = store.mutate(counts);
    await pushes.pushChanges(changes);
    return changes;
  };
  kit.control('mutate', async (body: { orders?: number; customers?: number; refunds?: number } | undefined) => {
    const changes = await mutate(body ?? {});
    return { orders: changes.orders.map((o) => o.tid), customers: changes.customers.map((c) => c.yzOpenId), refunds: changes.refunds.map((r) => r.refundId) };
  });
  kit.control('webhooks', (body: PushTarget) => pushes.subscribe(body));
  kit.control('state', () => ({
    orders: store.orders.length, customers: store.customers.length, refunds: store.refunds.length,
    tokensIssued: tokens.issuedCount, pushes: { delivered: pushes.delivered, failed: pushes.failed },
  }));
  kit.onMutate(async () => {
    await mutate({ orders: 5 });
  });

  const url = await kit.start();
  return {
    url, kit, store, tokens, pushes, mutate,
    credentials: { clientId, clientSecret, grantId: kdtId, baseUrl: url, webhookSecret: clientSecret },
    close: () => kit.close(),
  };
}

/** The module `datong emulate youzan` loads. */
export const platform = 'youzan';
export const youzanEmulator: EmulatorModule = { platform, startEmulator };

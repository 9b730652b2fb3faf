import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RouteHandler, type RunningEmulator } from '@datong/sdk/emulator';
import { answer, ok, type EmulatorApi } from './emulator-api.js';
import { addCustomer, batchGetCustomers, editCustomer, getCustomer } from './customer-routes.js';
import { DEFAULT_SETTINGS, type U8EmulatorSettings } from './emulator-settings.js';
import { abandonSaleOrder, addSaleOrder, getSaleOrder } from './saleorder-routes.js';
import { Throttle } from './throttle.js';
import { U8Store, type U8Dump } from './u8-store.js';
import { U8Tokens } from './u8-tokens.js';

/** The credentials the emulator accepts, named as the sink's config fields (`datong emulate --write-env` makes YONYOU_U8_<FIELD> of them). */
export interface U8Credentials extends Record<string, string> {
  fromAccount: string;
  toAccount: string;
  appKey: string;
  appSecret: string;
  baseUrl: string;
}

export interface U8EmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  /** Settings as a whole or in part; `errcodes` in part too. */
  settings?: Partial<Omit<U8EmulatorSettings, 'errcodes'>> & { errcodes?: Partial<U8EmulatorSettings['errcodes']> };
  /** A clock for tokens, the throttle window and timestamps. */
  now?: () => number;
}

/**
 * A U8+ OpenAPI account over HTTP, written from the U8 open platform's documentation (never from
 * src/): `GET /system/token` and `/system/tradeid`; `/api/customer/{add,edit,get,batch_get}`;
 * `/api/saleorder/{add,get,abandon}`. Every answer is HTTP 200 with a string errcode. Adds honour
 * tradeid or biz_id (never both), so a resubmit answers the same record. Tokens expire (lifetime a
 * setting, plus a one-shot expiry after N calls), and a throttle answers its errcode past
 * throttleRequests per throttleWindowMs.
 *
 * @example
 *   const u8 = await startEmulator({ settings: { throttleRequests: 10, throttleWindowMs: 500 } });
 *   const config = { ...u8.credentials };
 */
export class U8Emulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly store = new U8Store();
  readonly settings: U8EmulatorSettings;
  readonly tokens: U8Tokens;
  readonly throttle: Throttle;
  readonly credentials: U8Credentials;
  private readonly api: EmulatorApi;

  constructor(options: U8EmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'yonyou-u8',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => this.limited('throttled'),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings, errcodes: { ...DEFAULT_SETTINGS.errcodes, ...options.settings?.errcodes } };
    const now = () => this.kit.now();
    this.tokens = new U8Tokens(now, (issuedAt) => this.kit.tokenExpired(issuedAt));
    this.throttle = new Throttle(this.settings, now);
    this.api = { store: this.store, settings: this.settings, now };
    this.credentials = {
      fromAccount: 'datong_emulator',
      toAccount: `u8_emulator_${this.hex(6)}`,
      appKey: `opa_emulator_${this.hex(16)}`,
      appSecret: `emulator-secret-${this.hex(24)}`,
      baseUrl: '',
    };
    this.routes();
  }

  get url(): string {
    return this.kit.url;
  }

  async start(): Promise<this> {
    this.credentials.baseUrl = await this.kit.start();
    return this;
  }

  close(): Promise<void> {
    return this.kit.close();
  }

  /** Everything the account holds, as plain data. */
  dump(): U8Dump {
    return this.store.dump();
  }

  /** How many records of a resource U8 holds under one code (a duplicate would make it 2), and how many adds ever made one. */
  countByCode(resource: 'customer' | 'saleorder', code: string): { held: number; created: number } {
    return { held: this.store.table(resource).has(code) ? 1 : 0, created: this.store.creations.get(`${resource}:${code}`) ?? 0 };
  }

  private routes(): void {
    const kit = this.kit;
    const api = this.api;
    kit.route('GET', '/system/token', this.counted((req) => this.token(req)));
    kit.route('GET', '/system/tradeid', this.platform((req) => this.tradeid(req), false));
    kit.route('GET', '/api/customer/get', this.platform((req) => this.lagging(req, 'customer') ?? getCustomer(api, req)));
    kit.route('GET', '/api/customer/batch_get', this.platform((req) => batchGetCustomers(api, req)));
    kit.route('POST', '/api/customer/add', this.platform((req) => this.losing(addCustomer(api, req))));
    kit.route('POST', '/api/customer/edit', this.platform((req) => editCustomer(api, req)));
    kit.route('GET', '/api/saleorder/get', this.platform((req) => this.lagging(req, 'saleorder') ?? getSaleOrder(api, req)));
    kit.route('POST', '/api/saleorder/add', this.platform((req) => this.losing(addSaleOrder(api, req))));
    kit.route('POST', '/api/saleorder/abandon', this.platform((req) => abandonSaleOrder(api, req)));
    kit.control('dump', () => this.dump());
    kit.control('settings', (body: Partial<U8EmulatorSettings> | undefined) => {
      const { errcodes, ...rest } = body ?? {};
      Object.assign(this.settings, rest);
      Object.assign(this.settings.errcodes, errcodes ?? {});
      return this.settings;
    });
    kit.control('expire-tokens', (body: { afterCalls?: number } | undefined) => {
      if (body?.afterCalls !== undefined && body.afterCalls > 0) {
        this.settings.expireTokensAfterCalls = body.afterCalls;
        return { expiresAfterCalls: body.afterCalls };
      }
      return { expired: this.tokens.expireAll() };
    });
    kit.control('reset-limits', () => {
      this.throttle.reset();
      return { ok: true };
    });
  }

  /** The throttle and quota come first for every call, token calls included. */
  private counted(handler: RouteHandler): RouteHandler {
    return (req) => {
      const refused = this.throttle.admit();
      return refused ? this.limited(refused) : handler(req);
    };
  }

  /** A call with a token: counted, then the token and (for business calls) the accounts are checked. */
  private platform(handler: (req: EmulatorRequest) => EmulatorResponse, business = true): RouteHandler {
    return this.counted((req) => {
      const { errcodes } = this.settings;
      const token = req.query.get('token');
      if (this.settings.expireTokensAfterCalls !== undefined && this.tokens.isValid(token)) {
        this.settings.expireTokensAfterCalls--;
        if (this.settings.expireTokensAfterCalls <= 0) {
          this.settings.expireTokensAfterCalls = undefined;
          this.tokens.expireAll();
        }
      }
      if (!this.tokens.isValid(token)) return { ...answer(errcodes.tokenExpired, 'token无效或已过期，请重新获取'), fault: token === null ? undefined : 'token-expired' };
      if (req.query.get('from_account') !== this.credentials.fromAccount || req.query.get('app_key') !== this.credentials.appKey) {
        return answer(errcodes.badAccount, 'from_account或app_key不正确');
      }
      if (business && req.query.get('to_account') !== this.credentials.toAccount) return answer(errcodes.badAccount, `to_account ${req.query.get('to_account') ?? ''} 不存在`);
      return handler(req);
    });
  }

  /** `GET /system/token?from_account&app_key&app_secret`. */
  private token(req: EmulatorRequest): EmulatorResponse {
    const q = req.query;
    const c = this.credentials;
    if (q.get('from_account') !== c.fromAccount || q.get('app_key') !== c.appKey || q.get('app_secret') !== c.appSecret) {
      return answer(this.settings.errcodes.badCredentials, 'from_account、app_key或app_secret不正确');
    }
    const id = this.hex(32);
    this.tokens.issue(id, this.settings.tokenTtlSeconds);
    return ok({ token: { id, expiresIn: this.settings.tokenTtlSeconds, appkey: c.appKey } });
  }

  /** `GET /system/tradeid`: answered as text/html, as in U8's documentation sample. */
  private tradeid(_req: EmulatorRequest): EmulatorResponse {
    const id = this.hex(32);
    this.store.issueTradeid(id);
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, text: JSON.stringify({ errcode: '0', errmsg: '成功', trade: { id } }) };
  }

  /** The getMisses setting: a get that does not see what U8 holds. */
  private lagging(req: EmulatorRequest, resource: string): EmulatorResponse | undefined {
    const { getMisses, getMissesOf } = this.settings;
    if (getMisses <= 0 || (getMissesOf !== 'any' && getMissesOf !== resource)) return undefined;
    this.settings.getMisses--;
    return { ...answer(this.settings.errcodes.notFound, `${resource} ${req.query.get('id') ?? ''} 不存在`), fault: 'stale-read' };
  }

  /** The loseAddAnswers setting: the add was made, but its answer never arrives. */
  private losing(response: EmulatorResponse): EmulatorResponse {
    if (this.settings.loseAddAnswers <= 0) return response;
    this.settings.loseAddAnswers--;
    return { status: 503, json: { errcode: '503', errmsg: 'gateway timeout' }, fault: 'answer-lost' };
  }

  private limited(kind: 'throttled' | 'quota'): EmulatorResponse {
    const { errcodes } = this.settings;
    return kind === 'quota'
      ? { ...answer(errcodes.quotaExhausted, '调用次数已用完'), fault: 'quota' }
      : { ...answer(errcodes.throttled, '调用太频繁，请稍后再试'), fault: 'rate-limit' };
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.kit.random.int(0, 15).toString(16);
    return out;
  }
}

/** Starts a U8 emulator on 127.0.0.1 (an ephemeral port unless given). `datong emulate --set name=value` passes settings at the top level. */
export async function startEmulator(options: U8EmulatorOptions & Record<string, unknown> = {}): Promise<U8Emulator> {
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS)) as U8EmulatorOptions['settings'];
  return new U8Emulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

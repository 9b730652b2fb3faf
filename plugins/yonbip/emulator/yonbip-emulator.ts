import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { ResubmitCache, Throttle } from './call-gates.js';
import { DEFAULT_SETTINGS, type YonbipEmulatorSettings } from './emulator-settings.js';
import { merchantDetail, merchantList, merchantNewInsert, merchantSave, merchantStop, singleData, type TenantMasterData } from './merchant-routes.js';
import { orderBatchDelete, orderDetail, orderList, orderSingleSave } from './order-routes.js';
import { TokenIssuer } from './token-issuer.js';
import { YonbipStore, type YonbipDump } from './yonbip-store.js';

export interface YonbipEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<YonbipEmulatorSettings>;
  /** A clock (ms epoch) for tokens, windows and the resubmit cache. */
  now?: () => number;
  /** `datong emulate yonbip --set name=value` passes settings as top-level options. */
  [setting: string]: unknown;
}

/** What `datong emulate --write-env` turns into YONBIP_APP_KEY, YONBIP_APP_SECRET, ...: named as the config fields are. */
export interface YonbipCredentials extends Record<string, string> {
  appKey: string;
  appSecret: string;
  tenantId: string;
  orgCode: string;
  salesOrgId: string;
  transactionTypeId: string;
  baseUrl: string;
}

/** The data-centre prefixes discovery answers; the same routes are also served bare, as on the legacy host api.diwork.com. */
const GATEWAY_PREFIX = '/iuap-api-gateway';
const AUTH_PREFIX = '/iuap-api-auth';
const ORDER_ENDPOINTS = new Set(['/yonbip/sd/voucherorder/singleSave', '/yonbip/sd/voucherorder/list', '/yonbip/sd/voucherorder/detail']);

/**
 * A YonBIP tenant over HTTP, written from YonBIP's documentation apart from the sink it tests:
 * gateway discovery, getAccessToken (both paths, signature checked), the merchant and
 * voucherorder calls with `access_token` in the query, 310001/310036 for missing or dead tokens,
 * 310404 (HTTP 404) for unknown paths, the resubmitCheckKey cache (first success replayed for an
 * hour, 100004 after), the 60 calls/min API-level throttle of the sales-order endpoints (310046),
 * and 999 refusals with YonBIP's messages.
 *
 * @example
 *   const yonbip = await startEmulator({ settings: { orderCallsPerWindow: 5, rateWindowMs: 1000 } });
 */
export class YonbipEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly store: YonbipStore;
  readonly settings: YonbipEmulatorSettings;
  readonly tokens: TokenIssuer;
  readonly credentials: YonbipCredentials;
  private readonly tenant: TenantMasterData;
  private readonly throttle = new Throttle();
  private readonly resubmits = new ResubmitCache();

  constructor(options: YonbipEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'yonbip',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => ({ json: { code: '310046', message: 'API级限流，请稍后重试' } }),
      serverErrorResponse: () => ({ status: 503, json: { code: '310503', message: '服务暂不可用' } }),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...topLevelSettings(options), ...options.settings };
    this.store = new YonbipStore(() => this.kit.now());
    const hex = (n: number) => Array.from({ length: n }, () => this.kit.random.int(0, 15).toString(16)).join('');
    const app = { appKey: `test-app-key-${hex(16)}`, appSecret: `test-app-secret-${hex(24)}` };
    this.tenant = { orgCode: 'ORG001', salesOrgId: 'SO001', transactionTypeId: 'SO-TT-01' };
    this.tokens = new TokenIssuer(app, this.settings, this.kit);
    this.credentials = { ...app, tenantId: `tenant${hex(8)}`, ...this.tenant, baseUrl: '' };
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

  /** Everything the tenant holds. */
  dump(): YonbipDump {
    return this.store.dump();
  }

  /** Live records of an object (stopped merchants do not count): what the contract's count() sees. */
  count(object: 'customers' | 'salesOrders'): number {
    return object === 'customers' ? [...this.store.merchants.values()].filter((m) => !m.stopstatus).length : this.store.orders.size;
  }

  private routes(): void {
    const { kit, store, tenant } = this;
    kit.route('GET', '/open-auth/dataCenter/getGatewayAddress', (req) => this.discover(req));
    for (const prefix of [AUTH_PREFIX, '']) {
      kit.route('GET', `${prefix}/open-auth/selfAppAuth/getAccessToken`, (req) => this.tokens.issue(req));
      kit.route('GET', `${prefix}/open-auth/selfAppAuth/base/v1/getAccessToken`, (req) => this.tokens.issue(req));
    }
    for (const prefix of [GATEWAY_PREFIX, '']) {
      const api = (method: string, path: string, handler: (req: EmulatorRequest) => EmulatorResponse, idempotent = false) =>
        kit.route(method, `${prefix}${path}`, (req) => this.gate(req, path, handler, idempotent));
      api('POST', '/yonbip/digitalModel/merchant/newlist', (req) => merchantList(store, req));
      api('GET', '/yonbip/digitalModel/merchant/detail', (req) => merchantDetail(store, req));
      api('POST', '/yonbip/digitalModel/merchant/idempotent/newinsert', (req) => this.single(req, (data) => merchantNewInsert(store, tenant, data)), true);
      api('POST', '/yonbip/digitalModel/merchant/save', (req) => this.single(req, (data) => merchantSave(store, tenant, data)));
      api('POST', '/yonbip/digitalModel/merchant/stop', (req) => merchantStop(store, req));
      api('POST', '/yonbip/sd/voucherorder/list', (req) => orderList(store, req));
      api('GET', '/yonbip/sd/voucherorder/detail', (req) => orderDetail(store, req));
      api('POST', '/yonbip/sd/voucherorder/singleSave', (req) => this.single(req, (data) => orderSingleSave(store, tenant, data)), true);
      api('POST', '/yonbip/sd/voucherorder/batchdelete', (req) => orderBatchDelete(store, req));
      // Any other /yonbip path: not registered, answered before the token is looked at.
      for (let depth = 1; depth <= 6; depth++) {
        const pattern = `${prefix}/yonbip${Array.from({ length: depth }, (_, i) => `/:p${i}`).join('')}`;
        for (const method of ['GET', 'POST']) kit.route(method, pattern, (req) => ({ status: 404, json: { code: '310404', message: `请求的API路径未注册: ${req.path}` } }));
      }
    }
    kit.control('settings', (patch: Partial<YonbipEmulatorSettings> | undefined) => Object.assign(this.settings, patch ?? {}));
    kit.control('expire-tokens', () => ({ expired: this.tokens.expireAll() }));
    kit.control('dump', () => this.dump());
  }

  private discover(req: EmulatorRequest): EmulatorResponse {
    if (req.query.get('tenantId') !== this.credentials.tenantId) return { json: { code: '10010', message: '租户不存在' } };
    return { json: { code: '00000', message: '成功！', data: { gatewayUrl: `${this.kit.url}${GATEWAY_PREFIX}`, tokenUrl: `${this.kit.url}${AUTH_PREFIX}` } } };
  }

  /** What the gateway does before the service: the token, then the API's throttle, then the resubmitCheckKey memory. */
  private gate(req: EmulatorRequest, path: string, handler: (req: EmulatorRequest) => EmulatorResponse, idempotent: boolean): EmulatorResponse {
    const refused = this.tokens.check(req);
    if (refused) return refused;
    const now = this.kit.now();
    const limit = ORDER_ENDPOINTS.has(path) ? this.settings.orderCallsPerWindow : this.settings.otherCallsPerWindow;
    const throttled = this.throttle.admit(path, limit, this.settings.rateWindowMs, now);
    if (throttled) return throttled;
    const key = idempotent ? ((req.body as { data?: { resubmitCheckKey?: unknown } } | undefined)?.data?.resubmitCheckKey) : undefined;
    if (typeof key !== 'string' || key === '') return handler(req);
    if (key.length > 32) return { json: { code: '999', message: 'resubmitCheckKey长度不能超过32位' } };
    const replay = this.resubmits.lookup(path, key, this.settings.resubmitWindowMs, now);
    if (replay) return replay;
    if ((this.settings.processingAnswers ?? 0) > 0) {
      this.settings.processingAnswers = this.settings.processingAnswers! - 1;
      return { json: { code: '202', message: '幂等请求处理中，请稍后重试' }, fault: 'processing' };
    }
    const response = handler(req);
    const json = response.json as Record<string, unknown> | undefined;
    if (json && String(json.code) === '200') this.resubmits.remember(path, key, json, now);
    return response;
  }

  private single(req: EmulatorRequest, save: (data: Record<string, unknown>) => EmulatorResponse): EmulatorResponse {
    const data = singleData(req);
    return 'json' in data && !('code' in data) ? (data as EmulatorResponse) : save(data as Record<string, unknown>);
  }
}

/** Starts a YonBIP emulator on 127.0.0.1. */
export async function startEmulator(options: YonbipEmulatorOptions = {}): Promise<YonbipEmulator> {
  return new YonbipEmulator(options).start();
}

/** Settings given as top-level options (from `datong emulate --set`), numbers parsed. */
function topLevelSettings(options: YonbipEmulatorOptions): Partial<YonbipEmulatorSettings> {
  const out: Record<string, unknown> = {};
  for (const name of [...Object.keys(DEFAULT_SETTINGS), 'expireTokensAfterCalls', 'processingAnswers']) {
    const value = options[name];
    if (value !== undefined) out[name] = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out as Partial<YonbipEmulatorSettings>;
}

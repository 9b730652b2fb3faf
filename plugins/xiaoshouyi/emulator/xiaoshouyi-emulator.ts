import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RouteHandler, type RunningEmulator } from '@datong/sdk/emulator';
import { DEFAULT_SETTINGS, type XiaoshouyiEmulatorSettings } from './emulator-settings.js';
import { OBJECT_FIELDS, queryable, refusal } from './field-rules.js';
import { FrequencyLimit } from './frequency-limit.js';
import { TokenService, type XiaoshouyiCredentials } from './token-service.js';
import { XobjectStore, type StoredRecord } from './xobject-store.js';
import { parseXoql, XoqlSyntaxError, type XoqlQuery } from './xoql-query.js';

export interface XiaoshouyiEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<XiaoshouyiEmulatorSettings>;
  /** Credentials to accept instead of the generated ones (the worked-example test sets the documented sample). */
  credentials?: Partial<XiaoshouyiCredentials>;
  /** Accounts people created by hand before datong came (no datong key); default 0. */
  seedAccounts?: number;
  now?: () => number;
}

/** The REST v2.0 data API's prefix. */
const DATA = '/rest/data/v2.0';

/**
 * A Xiaoshouyi (销售易) tenant over HTTP, written from Xiaoshouyi's documentation and public client
 * code, apart from the sink it tests: the OAuth2 token endpoint (password grant with the security
 * token appended, refresh grant), bearer auth with token expiry, xobjects create (`{data:{...}}`,
 * one record a call), update (PATCH), get, delete and description, XOQL queries (a subset), field
 * validation with `{code, msg}` answers, and a frequency limit. Every UNCONFIRMED behaviour is a
 * setting (see emulator-settings).
 *
 * Route patterns, for counting calls in `kit.requests`:
 * token calls `POST /oauth2/token.action`; writes `POST /rest/data/v2.0/xobjects/:object` (create)
 * and `PATCH /rest/data/v2.0/xobjects/:object/:id` (update); look-ups and read-backs
 * `POST /rest/data/v2.0/query/xoql`; deletes `DELETE /rest/data/v2.0/xobjects/:object/:id`.
 */
export class XiaoshouyiEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly store: XobjectStore;
  readonly settings: XiaoshouyiEmulatorSettings;
  readonly tokens: TokenService;
  readonly limits: FrequencyLimit;
  readonly credentials: XiaoshouyiCredentials;

  constructor(options: XiaoshouyiEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'xiaoshouyi',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => this.throttled(),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    const now = () => this.kit.now();
    this.store = new XobjectStore(now);
    this.limits = new FrequencyLimit(this.settings, now);
    // Obviously fake credentials, reproducible from the seed.
    this.credentials = {
      clientId: `emulator-client-${this.hex(8)}`,
      clientSecret: `emulator-client-secret-${this.hex(12)}`,
      redirectUri: 'https://crm.example.invalid/callback',
      username: 'datong-sync@example.invalid',
      password: `emulator-password-${this.hex(6)}`,
      securityToken: this.hex(8).toUpperCase(),
      ...options.credentials,
    };
    this.tokens = new TokenService(this.credentials, this.settings, { now, tokenExpired: (at) => this.kit.tokenExpired(at), hex: (n) => this.hex(n) }, this.kit.random.int(1_000_000, 9_999_999));
    this.seedAccounts(options.seedAccounts ?? 0);
    this.routes();
  }

  get url(): string {
    return this.kit.url;
  }

  async start(): Promise<this> {
    await this.kit.start();
    return this;
  }

  close(): Promise<void> {
    return this.kit.close();
  }

  /** Everything the tenant holds, as plain data. */
  dump(): ReturnType<XobjectStore['dump']> {
    return this.store.dump();
  }

  /** How many records of an xobject hold this datong key (1, or a duplicate was made). */
  countByKey(object: string, key: string, keyField = 'datong_key__c'): number {
    return this.store.count(object, keyField, key);
  }

  private routes(): void {
    const kit = this.kit;
    const token: RouteHandler = (req) => this.tokens.grant((req.body ?? {}) as Record<string, unknown>);
    kit.route('POST', '/oauth2/token.action', token);
    kit.route('POST', '/oauth2/token', token);
    kit.route('GET', `${DATA}/xobjects/:object/description`, this.platform((req) => this.describe(req.params.object!)));
    kit.route('POST', `${DATA}/query/xoql`, this.platform((req) => this.xoql(req)));
    kit.route('POST', `${DATA}/xobjects/:object`, this.platform((req) => this.create(req)));
    kit.route('PATCH', `${DATA}/xobjects/:object/:id`, this.platform((req) => this.update(req)));
    kit.route('GET', `${DATA}/xobjects/:object/:id`, this.platform((req) => this.read(req)));
    kit.route('DELETE', `${DATA}/xobjects/:object/:id`, this.platform((req) => this.remove(req)));
    kit.control('dump', () => this.store.dump());
    kit.control('settings', (body: Partial<XiaoshouyiEmulatorSettings> | undefined) => Object.assign(this.settings, body ?? {}));
    kit.control('expire-tokens', () => {
      this.tokens.expireAll();
      return { ok: true };
    });
    kit.control('revoke-refresh-tokens', () => {
      this.tokens.revokeRefreshTokens();
      return { ok: true };
    });
    kit.control('reset-limits', () => {
      this.limits.reset();
      return { ok: true };
    });
  }

  /** Xiaoshouyi's order for a data call: authenticate, count against the limits, then answer. */
  private platform(handler: (req: EmulatorRequest) => EmulatorResponse): RouteHandler {
    return (req) => {
      const dead = this.tokens.authenticate(req.headers.authorization);
      if (dead) return dead;
      const limited = this.limits.admit();
      if (limited === 'throttled') return this.throttled();
      if (limited === 'quota') return { status: 200, fault: 'daily-limit', json: { code: this.settings.dailyQuotaCode, msg: 'API 调用次数已达今日上限 (the tenant\'s daily API quota is spent)' } };
      return handler(req);
    };
  }

  private throttled(): EmulatorResponse {
    const json = { code: this.settings.throttleCode, msg: '请求过于频繁 (calls are too frequent)' };
    const headers: Record<string, string> = this.settings.retryAfterSeconds > 0 ? { 'retry-after': String(this.settings.retryAfterSeconds) } : {};
    return { status: this.settings.throttleStyle === 'http-429' ? 429 : 200, headers, json, fault: 'rate-limit' };
  }

  private fail(code: string, msg: string, httpStatus = 400): EmulatorResponse {
    return { status: this.settings.errorStyle === 'http-400' ? httpStatus : 200, json: { code, msg } };
  }

  private ok(data?: unknown): EmulatorResponse {
    return { status: 200, json: data === undefined ? { code: '200', msg: 'OK' } : { code: '200', msg: 'OK', data } };
  }

  private describe(object: string): EmulatorResponse {
    const fields = OBJECT_FIELDS[object];
    if (!fields) return this.fail('404', `object ${object} does not exist`, 404);
    return this.ok({ apiKey: object, fields: Object.entries(fields).map(([apiKey, type]) => ({ apiKey, type, custom: apiKey.endsWith('__c') })) });
  }

  private dataOf(req: EmulatorRequest): Record<string, unknown> | undefined {
    const data = (req.body as { data?: unknown } | undefined)?.data;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  }

  private create(req: EmulatorRequest): EmulatorResponse {
    const object = req.params.object!;
    const data = this.dataOf(req);
    if (!data) return this.fail(this.settings.validationErrorCode, 'the body needs {"data": {...}}');
    const why = refusal(object, data, true, this.store, this.settings.accountNameMaxLength);
    if (why) return this.fail(this.settings.validationErrorCode, why);
    const id = this.store.create(object, data).id;
    if ((this.settings.loseCreateAnswers ?? 0) > 0) {
      this.settings.loseCreateAnswers! -= 1;
      return { status: 503, json: { code: '503', msg: 'gateway timeout after the record was stored' } };
    }
    return this.ok({ id });
  }

  private update(req: EmulatorRequest): EmulatorResponse {
    const object = req.params.object!;
    const id = Number(req.params.id);
    if (!this.store.get(object, id)) return this.fail('404', `no ${object} with id ${req.params.id} (数据不存在)`, 404);
    const data = this.dataOf(req);
    if (!data) return this.fail(this.settings.validationErrorCode, 'the body needs {"data": {...}}');
    const why = refusal(object, data, false, this.store, this.settings.accountNameMaxLength);
    if (why) return this.fail(this.settings.validationErrorCode, why);
    this.store.update(object, id, data);
    return this.ok();
  }

  private read(req: EmulatorRequest): EmulatorResponse {
    const record = this.store.get(req.params.object!, Number(req.params.id));
    return record ? this.ok(view(record)) : this.fail('404', `no ${req.params.object} with id ${req.params.id} (数据不存在)`, 404);
  }

  private remove(req: EmulatorRequest): EmulatorResponse {
    return this.store.remove(req.params.object!, Number(req.params.id)) ? this.ok() : this.fail('404', `no ${req.params.object} with id ${req.params.id} (数据不存在)`, 404);
  }

  private xoql(req: EmulatorRequest): EmulatorResponse {
    const text = (req.body as { xoql?: unknown } | undefined)?.xoql;
    if (typeof text !== 'string' || text.trim() === '') return this.fail('400', 'xoql is required');
    let query: XoqlQuery;
    try {
      query = parseXoql(text);
    } catch (error) {
      if (error instanceof XoqlSyntaxError) return this.fail('400', error.message);
      throw error;
    }
    if (!OBJECT_FIELDS[query.object]) return this.fail('400', `XOQL: object ${query.object} does not exist`);
    const unknown = [...query.fields, ...(query.where ? [query.where.field] : []), ...(query.orderBy ? [query.orderBy.field] : [])].filter((f) => !queryable(query.object, f));
    if (unknown.length > 0) return this.fail('400', `XOQL: ${unknown.join(', ')} is no field of ${query.object}`);
    if (query.where?.op === 'in' && query.where.values.length > this.settings.maxXoqlInValues) {
      return this.fail('400', `XOQL: IN lists at most ${this.settings.maxXoqlInValues} values, ${query.where.values.length} given`);
    }
    let rows = this.store.all(query.object).map(view);
    const where = query.where;
    if (where?.op === 'in') {
      const wanted = new Set(where.values.map(String));
      rows = rows.filter((r) => r[where.field] !== undefined && wanted.has(String(r[where.field])));
    } else if (where?.op === 'not-null') {
      rows = rows.filter((r) => r[where.field] !== undefined && r[where.field] !== null);
    }
    const order = query.orderBy;
    if (order) rows.sort((a, b) => compare(a[order.field], b[order.field]) * (order.desc ? -1 : 1));
    const totalSize = rows.length;
    const offset = query.offset ?? 0;
    rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
    const records = rows.map((r) => Object.fromEntries(query.fields.map((f) => [f, r[f] ?? null])));
    return this.ok({ count: records.length, totalSize, records });
  }

  private seedAccounts(count: number): void {
    for (let i = 0; i < count; i++) {
      const company = this.kit.seed.person();
      this.store.create('account', { accountName: `${company.lastName}${company.firstName} (hand-made)`, phone: company.phone, address: company.address.city });
    }
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.kit.random.int(0, 15).toString(16);
    return out;
  }
}

/** A stored record as the API shows it: its fields, id and stamps. */
function view(record: StoredRecord): Record<string, unknown> {
  return { ...record.fields, id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

/** Starts a Xiaoshouyi emulator on 127.0.0.1 (an ephemeral port unless given). */
export async function startEmulator(options: XiaoshouyiEmulatorOptions & { [setting: string]: unknown } = {}): Promise<XiaoshouyiEmulator> {
  // `datong emulate xiaoshouyi --set requestsPerWindow=5` passes settings at the top level.
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS)) as Partial<XiaoshouyiEmulatorSettings>;
  return new XiaoshouyiEmulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

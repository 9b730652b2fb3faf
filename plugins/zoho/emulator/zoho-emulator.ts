import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RouteHandler, type RunningEmulator } from '@datong/sdk/emulator';
import { AccountsServer, type ZohoCredentials } from './accounts-server.js';
import { ApiLimits, type LimitHit } from './api-limits.js';
import { DEFAULT_SETTINGS, type ZohoEmulatorSettings } from './emulator-settings.js';
import { RecordStore, type ResultEntry } from './record-store.js';
import { parseCriteria } from './search-criteria.js';

export interface ZohoEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<ZohoEmulatorSettings>;
  /** Contacts made by hand in Zoho before datong came (no Datong_Key); default 2. */
  seedContacts?: number;
  now?: () => number;
}

const API_VERSIONS = /^v[2-8]$/;

function error(status: number, code: string, message: string, details: Record<string, unknown> = {}): EmulatorResponse {
  return { status, json: { code, details, message, status: 'error' } };
}

/**
 * A Zoho CRM account over HTTP, written from Zoho's documentation apart from the sink it tests:
 * the accounts token endpoint with its token limits, `Zoho-oauthtoken` auth and INVALID_TOKEN,
 * upsert by duplicate-check fields with per-record results and validation errors, search by
 * criteria (equals, in), records by ids or by page, delete by ids, and the API's 429s (a window
 * of calls, a concurrency cap, credits per rolling 24 hours).
 *
 * Routes (`kit.requests[].route` counts calls per kind):
 * - token: `POST /oauth/v2/token`
 * - write: `POST /crm/:version/:module/upsert`
 * - look-up / read-back: `GET /crm/:version/:module/search`, `GET /crm/:version/:module` (ids=... or a page)
 * - delete: `DELETE /crm/:version/:module`
 * - check: `GET /crm/:version/org`
 */
export class ZohoEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly store: RecordStore;
  readonly settings: ZohoEmulatorSettings;
  readonly accounts: AccountsServer;
  readonly limits: ApiLimits;
  readonly credentials: ZohoCredentials & Record<string, string>;

  constructor(options: ZohoEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'zoho',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => this.throttled(),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    const now = () => this.kit.now();
    this.store = new RecordStore(now);
    this.limits = new ApiLimits(this.settings, now);
    this.credentials = {
      clientId: `1000.${this.alnum(30)}`,
      clientSecret: this.hex(42),
      refreshToken: `1000.${this.hex(32)}.${this.hex(32)}`,
      accountsUrl: '',
    };
    this.accounts = new AccountsServer(this.credentials, this.settings, { now, token: () => this.hex(32), apiDomain: () => this.settings.apiDomain ?? this.kit.url });
    this.seedContacts(options.seedContacts ?? 2);
    this.routes();
  }

  get url(): string {
    return this.kit.url;
  }

  async start(): Promise<this> {
    await this.kit.start();
    this.credentials.accountsUrl = this.kit.url;
    return this;
  }

  close(): Promise<void> {
    return this.kit.close();
  }

  /** How many records of a module hold datong's key `key` (more than 1 is a duplicate). */
  countByKey(module: 'Contacts' | 'Deals', key: string, keyField = 'Datong_Key'): number {
    return this.store.countBy(module, keyField, key);
  }

  /** Records of a module that carry a datong key. */
  keyed(module: 'Contacts' | 'Deals', keyField = 'Datong_Key') {
    return this.store.all(module).filter((r) => typeof r.fields[keyField] === 'string');
  }

  private routes(): void {
    const kit = this.kit;
    kit.route('POST', '/oauth/v2/token', (req) => {
      const params = { ...Object.fromEntries(req.query), ...((req.body ?? {}) as Record<string, unknown>) };
      return this.accounts.grant(params);
    });
    kit.route('GET', '/crm/:version/org', this.api(() => ({ json: { org: [{ id: '4150868000000225001', company_name: 'Datong Emulator Ltd', currency: 'CNY', time_zone: 'Asia/Shanghai' }] } })));
    kit.route('POST', '/crm/:version/:module/upsert', this.api((req) => this.upsert(req)));
    kit.route('GET', '/crm/:version/:module/search', this.api((req) => this.search(req)));
    kit.route('GET', '/crm/:version/:module', this.api((req) => this.getRecords(req)));
    kit.route('DELETE', '/crm/:version/:module', this.api((req) => this.deleteRecords(req)));
    kit.control('dump', () => this.store.dump());
    kit.control('expire-tokens', () => this.accounts.expireAll());
    kit.control('reset-limits', () => {
      this.limits.reset();
      return { ok: true };
    });
    kit.control('settings', (body: Partial<ZohoEmulatorSettings> | undefined) => Object.assign(this.settings, body ?? {}));
  }

  /** Zoho's order for an API call: version and module, auth, then the limits; held latencyMs while in flight. */
  private api(handler: (req: EmulatorRequest) => EmulatorResponse): RouteHandler {
    return async (req) => {
      if (!API_VERSIONS.test(req.params.version ?? '')) return error(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
      const module = req.params.module;
      if (module !== undefined && !this.store.has(module)) return error(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 });
      const refused = this.accounts.authenticate(req.headers.authorization);
      if (refused) return refused;
      const hit = this.limits.admit();
      if (hit) return this.limited(hit);
      try {
        if (this.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
        return handler(req);
      } finally {
        this.limits.release();
      }
    };
  }

  private upsert(req: EmulatorRequest): EmulatorResponse {
    const body = req.body as { data?: unknown; duplicate_check_fields?: unknown } | undefined;
    if (!Array.isArray(body?.data) || body.data.length === 0) return error(400, 'REQUIRED_PARAM_MISSING', 'data is missing or empty', { param: 'data' });
    if (body.data.length > this.settings.maxBatchSize) return error(400, 'LIMIT_EXCEEDED', `Cannot process more than ${this.settings.maxBatchSize} records at a time`, { limit: this.settings.maxBatchSize });
    const check = Array.isArray(body.duplicate_check_fields) ? body.duplicate_check_fields.map(String) : this.systemDuplicateCheck(req.params.module!);
    const data = (body.data as unknown[]).map((r) => (r !== null && typeof r === 'object' ? (r as Record<string, unknown>) : {}));
    const entries = this.store.upsert(req.params.module!, data, check);
    const failed = entries.filter((e) => e.status === 'error').length;
    const status = failed === 0 ? 200 : failed === entries.length ? 400 : this.settings.partialStatus;
    return { status, json: { data: entries } };
  }

  private search(req: EmulatorRequest): EmulatorResponse {
    const module = req.params.module!;
    const criteria = req.query.get('criteria');
    if (!criteria) return error(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'criteria' });
    const condition = parseCriteria(criteria);
    if (typeof condition === 'string') return error(400, 'INVALID_QUERY', condition, { param: 'criteria' });
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(condition.field)) {
      return error(400, 'INVALID_QUERY', `invalid field ${condition.field}`, { api_name: condition.field });
    }
    if (condition.operator === 'in' && condition.values.length > this.settings.maxBatchSize) return error(400, 'LIMIT_EXCEEDED', `at most ${this.settings.maxBatchSize} values in an in criteria`);
    return this.page(module, this.store.findBy(module, condition.field, condition.values), req);
  }

  private getRecords(req: EmulatorRequest): EmulatorResponse {
    const module = req.params.module!;
    const fields = req.query.get('fields');
    if (!fields) return error(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'fields' });
    const ids = req.query.get('ids');
    if (ids) {
      const list = ids.split(',').filter(Boolean);
      if (list.length > this.settings.maxBatchSize) return error(400, 'LIMIT_EXCEEDED', `at most ${this.settings.maxBatchSize} ids`, { limit: this.settings.maxBatchSize });
      return this.page(module, this.store.findBy(module, 'id', list), req);
    }
    return this.page(module, this.store.all(module), req);
  }

  private deleteRecords(req: EmulatorRequest): EmulatorResponse {
    const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) return error(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param: 'ids' });
    if (ids.length > this.settings.maxBatchSize) return error(400, 'LIMIT_EXCEEDED', `at most ${this.settings.maxBatchSize} ids`, { limit: this.settings.maxBatchSize });
    const entries: ResultEntry[] = this.store.delete(req.params.module!, ids);
    return { status: entries.some((e) => e.status === 'success') ? 200 : 400, json: { data: entries } };
  }

  /** A page of records (per_page ≤ 200, page from 1), or 204 with no body when there are none. */
  private page(module: string, records: ReturnType<RecordStore['all']>, req: EmulatorRequest): EmulatorResponse {
    const perPage = Math.min(200, Math.max(1, Number(req.query.get('per_page') ?? 200) || 200));
    const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
    const slice = records.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return { status: 204 };
    const fields = req.query.get('fields')?.split(',').filter(Boolean);
    return {
      json: {
        data: slice.map((r) => this.store.view(module, r, fields)),
        info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < records.length },
      },
    };
  }

  private limited(hit: LimitHit): EmulatorResponse {
    if (hit === 'credits') {
      return { ...error(429, this.settings.creditsExhaustedCode, 'You have exhausted the API credits of the rolling 24 hours', { limit: this.settings.dailyCredits }), fault: 'credits' };
    }
    return { ...this.throttled(), fault: hit === 'window' ? 'rate-limit' : 'concurrency' };
  }

  private throttled(): EmulatorResponse {
    const headers: Record<string, string> = {};
    if (this.settings.retryAfterSeconds !== undefined) headers['retry-after'] = String(this.settings.retryAfterSeconds);
    return { ...error(429, 'TOO_MANY_REQUESTS', 'too many requests'), headers };
  }

  /** With no duplicate_check_fields Zoho checks the module's system field first, then unique fields. */
  private systemDuplicateCheck(module: string): string[] {
    return module === 'Contacts' ? ['Email', 'Datong_Key'] : ['Deal_Name', 'Datong_Key'];
  }

  private seedContacts(count: number): void {
    for (let i = 0; i < count; i++) {
      const person = this.kit.seed.person();
      this.store.upsert('Contacts', [{ Last_Name: person.lastName, First_Name: person.firstName, Email: person.email, Phone: person.phone }], []);
    }
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.kit.random.int(0, 15).toString(16);
    return out;
  }

  private alnum(length: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[this.kit.random.int(0, chars.length - 1)];
    return out;
  }
}

/** Starts a Zoho emulator on 127.0.0.1 (an ephemeral port unless given). `datong emulate zoho --set tokenTtlSeconds=60` passes settings at the top level. */
export async function startEmulator(options: ZohoEmulatorOptions & Record<string, unknown> = {}): Promise<ZohoEmulator> {
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS || k === 'apiDomain' || k === 'expireTokensAfterCalls' || k === 'retryAfterSeconds')) as Partial<ZohoEmulatorSettings>;
  return new ZohoEmulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

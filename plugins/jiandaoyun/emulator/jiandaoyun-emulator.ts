import { createHash } from 'node:crypto';
import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { DataRoutes } from './data-routes.js';
import { DEFAULT_SETTINGS, type JiandaoyunEmulatorSettings } from './emulator-settings.js';
import { CODES, platformError, tooFrequent } from './error-codes.js';
import { FormStore, type StoredRow } from './form-store.js';
import { RateWindows } from './rate-windows.js';
import { APP_ID, CUSTOMERS_ENTRY_ID, ORDERS_ENTRY_ID, seedForms } from './seed-forms.js';

export interface JiandaoyunEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<JiandaoyunEmulatorSettings>;
  /** The clock for rate windows and timestamps (ms epoch); default Date.now. */
  now?: () => number;
}

/** What `datong emulate jiandaoyun --write-env` writes: JIANDAOYUN_API_KEY, JIANDAOYUN_BASE_URL and the forms' ids. */
export interface JiandaoyunCredentials extends Record<string, string> {
  apiKey: string;
  baseUrl: string;
  appId: string;
  customersEntryId: string;
  ordersEntryId: string;
}

/** The platform's path prefix: every call is POST /api/v5/app/entry/<endpoint>. */
export const API_PREFIX = '/api/v5/app/entry/';

/**
 * Jiandaoyun's open API v5 over HTTP, written from its documentation apart from the sink it tests:
 * bearer API keys, two forms (customers, orders) with widget lists, `data/list` with filters and
 * `data_id` paging, `data/batch_create` (≤100, transaction_id replay), `data/create`,
 * `data/update`, `data/get`, `data/delete`, `data/batch_delete`, the per-second frequency limits
 * (HTTP 400 code 8303) and the concurrency limit (HTTP 429).
 *
 * @example
 *   const jdy = await startEmulator({ settings: { windowMs: 200 } });
 *   const config = { apiKey: jdy.credentials.apiKey, baseUrl: jdy.url, forms: jdy.formsConfig() };
 */
export class JiandaoyunEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly settings: JiandaoyunEmulatorSettings;
  readonly store: FormStore;
  readonly limits: RateWindows;
  credentials: JiandaoyunCredentials;
  private readonly revoked = new Set<string>();
  private keys = 0;

  constructor(options: JiandaoyunEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'jiandaoyun',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: tooFrequent,
      serverErrorResponse: () => ({ status: 502, json: { code: 502, msg: 'Bad Gateway' } }),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings, endpointLimits: { ...DEFAULT_SETTINGS.endpointLimits, ...options.settings?.endpointLimits } };
    const now = () => this.kit.now();
    this.store = new FormStore(seedForms(), now, this.hex(6));
    this.limits = new RateWindows(this.settings, now);
    this.credentials = { apiKey: this.newKey(), baseUrl: '', appId: APP_ID, customersEntryId: CUSTOMERS_ENTRY_ID, ordersEntryId: ORDERS_ENTRY_ID };
    const data = new DataRoutes(this.store, this.settings, now);
    for (const [endpoint, handler] of Object.entries(data.handlers())) {
      this.kit.route('POST', `${API_PREFIX}${endpoint}`, (req) => this.guarded(req, endpoint, handler));
    }
    this.kit.control('settings', (patch: Partial<JiandaoyunEmulatorSettings>) => {
      Object.assign(this.settings, patch ?? {});
      return this.settings;
    });
    this.kit.control('revoke-key', () => {
      this.revoked.add(this.credentials.apiKey);
      return { revoked: true };
    });
    this.kit.control('issue-key', () => ({ apiKey: this.issueKey() }));
    this.kit.control('dump', () => this.dump());
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

  /** Revokes every key issued so far and issues a new one (an admin rotating the key). */
  issueKey(): string {
    this.revoked.add(this.credentials.apiKey);
    this.credentials = { ...this.credentials, apiKey: this.newKey() };
    return this.credentials.apiKey;
  }

  /** The sink's `forms` config for the two seeded forms. */
  formsConfig(): { customers: { appId: string; entryId: string }; orders: { appId: string; entryId: string } } {
    return { customers: { appId: APP_ID, entryId: CUSTOMERS_ENTRY_ID }, orders: { appId: APP_ID, entryId: ORDERS_ENTRY_ID } };
  }

  /** The records of a form ('customers' or 'orders'), as stored. */
  records(form: 'customers' | 'orders'): StoredRow[] {
    return this.store.all(form === 'customers' ? CUSTOMERS_ENTRY_ID : ORDERS_ENTRY_ID);
  }

  /** How many records of the form hold `key` in its key widget (customer_key / order_key): 1 is right, 2 a duplicate. */
  countByKey(form: 'customers' | 'orders', key: string): number {
    const entryId = form === 'customers' ? CUSTOMERS_ENTRY_ID : ORDERS_ENTRY_ID;
    const widget = this.store.forms.get(entryId)!.widgets.find((w) => w.label === (form === 'customers' ? 'customer_key' : 'order_key'))!;
    return this.store.count(entryId, widget.name, key);
  }

  /** A record by its datong key, with values by label, for tests. */
  byKey(form: 'customers' | 'orders', key: string): Record<string, unknown> | undefined {
    const entryId = form === 'customers' ? CUSTOMERS_ENTRY_ID : ORDERS_ENTRY_ID;
    const widgets = this.store.forms.get(entryId)!.widgets;
    const keyWidget = widgets.find((w) => w.label === (form === 'customers' ? 'customer_key' : 'order_key'))!;
    const row = this.store.all(entryId).find((r) => r[keyWidget.name] === key);
    return row && { _id: row._id, ...Object.fromEntries(widgets.map((w) => [w.label, row[w.name]])) };
  }

  /** Everything the platform holds: forms with their widgets and records. */
  dump(): Record<string, unknown> {
    return Object.fromEntries([...this.store.forms.values()].map((f) => [f.name, { appId: f.appId, entryId: f.entryId, widgets: f.widgets, records: this.store.all(f.entryId) }]));
  }

  /** Auth, then the quota, frequency and concurrency limits, in front of every platform call. */
  private async guarded(req: EmulatorRequest, endpoint: string, handler: (body: Record<string, unknown>) => EmulatorResponse): Promise<EmulatorResponse> {
    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
    if (this.settings.revokeKeyAfterCalls !== undefined && key === this.credentials.apiKey) {
      if (this.settings.revokeKeyAfterCalls <= 0) {
        this.revoked.add(key);
        delete this.settings.revokeKeyAfterCalls;
      } else {
        this.settings.revokeKeyAfterCalls--;
      }
    }
    if (key !== this.credentials.apiKey || this.revoked.has(key)) {
      return platformError(401, CODES.badApiKey, 'Authorization 无效: API Key 不存在或已被删除', this.revoked.has(key) ? 'token-expired' : undefined);
    }
    const refused = this.limits.admit(endpoint);
    if (refused === 'quota') return platformError(400, CODES.quotaExhausted, '超出接口调用次数限制', 'quota');
    if (refused) return tooFrequent();
    if (!this.limits.enter()) return platformError(429, CODES.tooConcurrent, '超出并发请求限制', 'concurrency');
    try {
      if (this.settings.processingMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settings.processingMs));
      const body = req.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) return platformError(400, CODES.invalidRequest, '请求体需为 JSON 对象');
      return handler(body as Record<string, unknown>);
    } finally {
      this.limits.leave();
    }
  }

  private newKey(): string {
    this.keys++;
    return `test-jdy-api-key-${this.keys}-${this.hex(16)}`;
  }

  private hex(n: number): string {
    return createHash('sha256').update(`${this.kit.random.int(0, 1e9)}:${this.keys}`).digest('hex').slice(0, n);
  }
}

/** Starts an emulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startEmulator(options: JiandaoyunEmulatorOptions & Record<string, unknown> = {}): Promise<JiandaoyunEmulator> {
  // `datong emulate jiandaoyun --set windowMs=200` passes settings at the top level.
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS || k === 'quota' || k === 'revokeKeyAfterCalls')) as Partial<JiandaoyunEmulatorSettings>;
  return new JiandaoyunEmulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

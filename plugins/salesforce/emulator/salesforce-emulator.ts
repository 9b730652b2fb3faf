import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RouteHandler, type RunningEmulator } from '@datong/sdk/emulator';
import { BulkJobs } from './bulk-jobs.js';
import { DEFAULT_SETTINGS, type SalesforceEmulatorSettings } from './emulator-settings.js';
import { OrgStore, type OrgDump } from './org-store.js';
import { QueryError, runQuery } from './soql-query.js';
import { RequestLimits } from './request-limits.js';
import { SessionTokens, type SalesforceCredentials } from './session-tokens.js';
import { SOBJECT_FIELDS } from './sobject-fields.js';

export type SalesforceEmulatorOptions = {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<SalesforceEmulatorSettings>;
  /** A clock for sessions, limits and timestamps (ms epoch); default Date.now. */
  now?: () => number;
};

const DATA = '/services/data/:version';
const sfError = (status: number, errorCode: string, message: string, extra: EmulatorResponse = {}): EmulatorResponse => ({ ...extra, status, json: [{ message, errorCode }] });

/**
 * A Salesforce org over HTTP, written from Salesforce's REST and Bulk API 2.0 documentation,
 * apart from the sink it tests: the OAuth refresh-token grant (no expires_in; sessions die when
 * idle or when a test says), sObject Collections upsert by External ID (≤200, per-record results
 * in input order), SOQL queries (the subset a sync sends) with nextRecordsUrl paging, collections
 * delete, Bulk API 2.0 ingest jobs, `Sforce-Limit-Info` on every answer, and the 24-hour request
 * limit (403 REQUEST_LIMIT_EXCEEDED).
 *
 * @example
 *   const sf = await startEmulator({ settings: { sessionTimeoutSeconds: 60 } });
 *   const config = { clientId: sf.credentials.clientId, clientSecret: sf.credentials.clientSecret,
 *     refreshToken: sf.credentials.refreshToken, loginUrl: sf.url };
 */
export class SalesforceEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly settings: SalesforceEmulatorSettings;
  readonly store: OrgStore;
  readonly tokens: SessionTokens;
  readonly limits: RequestLimits;
  readonly bulk: BulkJobs;
  credentials: SalesforceCredentials;
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  private cursorCounter = 0;
  private readonly orgId: string;

  constructor(options: SalesforceEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'salesforce',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => this.throttled(),
      serverErrorResponse: () => sfError(503, 'SERVER_UNAVAILABLE', 'Server is busy: try again later'),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    const now = () => this.kit.now();
    this.orgId = `00D5g${this.hex(10).toUpperCase()}`;
    // The URLs are known once the server listens; start() fills them in.
    this.credentials = {
      clientId: `3MVG9emulator.${this.hex(40)}`,
      clientSecret: this.hex(64).toUpperCase(),
      refreshToken: `5Aep861emulator${this.hex(60)}`,
      loginUrl: '',
      accessToken: `${this.orgId}!AQemulator${this.hex(48)}`,
      instanceUrl: '',
    };
    this.store = new OrgStore(now);
    this.limits = new RequestLimits(this.settings, now);
    this.bulk = new BulkJobs(this.store, this.settings, now);
    this.tokens = new SessionTokens(this.credentials, this.settings, {
      now,
      tokenExpired: (issuedAt) => this.kit.tokenExpired(issuedAt),
      random: () => this.hex(48),
      orgId: this.orgId,
      userId: `0055g${this.hex(10).toUpperCase()}`,
    });
    this.routes();
  }

  get url(): string {
    return this.kit.url;
  }

  async start(): Promise<this> {
    const url = await this.kit.start();
    // The credentials object is shared with the token endpoint: fill it in place.
    Object.assign(this.credentials, { loginUrl: url, instanceUrl: url });
    return this;
  }

  close(): Promise<void> {
    return this.kit.close();
  }

  /** The org's live records and Recycle Bin, as plain data. */
  dump(): OrgDump {
    return this.store.dump();
  }

  /** How many live records of `sobject` hold `key` in the External ID field: more than 1 is a duplicate. */
  countByKey(sobject: string, key: string, field = 'Datong_Key__c'): number {
    return this.store.findAll(sobject, field, key).length;
  }

  /** The live records of `sobject` that carry a datong key. */
  keyed(sobject: string, field = 'Datong_Key__c'): { Id: string; fields: Record<string, unknown> }[] {
    return [...this.store.records[sobject]!.values()].filter((r) => typeof r.fields[field] === 'string');
  }

  private routes(): void {
    const kit = this.kit;
    kit.route('POST', '/services/oauth2/token', (req) => this.tokens.grant((req.body ?? {}) as Record<string, unknown>));
    kit.route('GET', `${DATA}/limits`, this.api(() => ({ json: this.limitsBody() })));
    kit.route('PATCH', `${DATA}/composite/sobjects/:sobject/:externalIdField`, this.api((req) => this.collectionsUpsert(req)));
    kit.route('DELETE', `${DATA}/composite/sobjects`, this.api((req) => this.collectionsDelete(req)));
    kit.route('GET', `${DATA}/query`, this.api((req) => this.query(req)));
    kit.route('GET', `${DATA}/query/:locator`, this.api((req) => this.queryMore(req)));
    kit.route('POST', `${DATA}/jobs/ingest`, this.api((req) => this.bulk.create(req)));
    kit.route('PUT', `${DATA}/jobs/ingest/:jobId/batches`, this.api((req) => this.bulk.upload(req)));
    kit.route('PATCH', `${DATA}/jobs/ingest/:jobId`, this.api((req) => this.bulk.close(req)));
    kit.route('GET', `${DATA}/jobs/ingest/:jobId`, this.api((req) => this.bulk.poll(req)));
    kit.route('GET', `${DATA}/jobs/ingest/:jobId/successfulResults`, this.api((req) => this.bulk.results(req, 'successful')));
    kit.route('GET', `${DATA}/jobs/ingest/:jobId/failedResults`, this.api((req) => this.bulk.results(req, 'failed')));
    kit.route('GET', `${DATA}/jobs/ingest/:jobId/unprocessedrecords`, this.api((req) => this.bulk.results(req, 'unprocessed')));
    kit.control('dump', () => this.dump());
    kit.control('settings', (body: Partial<SalesforceEmulatorSettings> | undefined) => Object.assign(this.settings, body ?? {}));
    kit.control('expire-sessions', () => {
      this.tokens.expireAll();
      return { ok: true };
    });
    kit.control('reset-limits', () => {
      this.limits.reset();
      return { ok: true };
    });
    kit.control('plant', (body: { sobject?: string; fields?: Record<string, unknown> } | undefined) => {
      if (!body?.sobject || !this.store.records[body.sobject]) throw new Error('plant takes {"sobject": "Contact"|"Opportunity", "fields": {...}}');
      return this.store.plant(body.sobject, body.fields ?? {});
    });
  }

  /** Salesforce's order for an API call: the session, then the request limits; every answer carries Sforce-Limit-Info. */
  private api(handler: (req: EmulatorRequest) => EmulatorResponse): RouteHandler {
    return (req) => {
      const refused = this.tokens.authenticate(req.headers.authorization);
      if (refused) return refused;
      const limited = this.limits.admit();
      if (limited === 'daily') return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { fault: 'daily-limit', headers: { 'sforce-limit-info': this.limits.header() } });
      if (limited === 'window') return this.throttled();
      const response = handler(req);
      return { ...response, headers: { 'sforce-limit-info': this.limits.header(), ...response.headers } };
    };
  }

  private throttled(): EmulatorResponse {
    const headers = { 'sforce-limit-info': this.limits.header() };
    return this.settings.throttle === 'busy-503'
      ? sfError(503, 'SERVER_UNAVAILABLE', 'Server is busy: try again later', { fault: 'rate-limit', headers })
      : sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.', { fault: 'rate-limit', headers });
  }

  private collectionsUpsert(req: EmulatorRequest): EmulatorResponse {
    const sobject = req.params.sobject ?? '';
    const ext = req.params.externalIdField ?? '';
    if (!SOBJECT_FIELDS[sobject]) return sfError(404, 'NOT_FOUND', `The requested resource does not exist: sObject type '${sobject}' is not supported.`);
    if (SOBJECT_FIELDS[sobject]![ext]?.kind !== 'externalId') return sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${ext}`);
    const records = (req.body as { records?: unknown } | undefined)?.records;
    if (!Array.isArray(records) || records.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      return sfError(400, 'JSON_PARSER_ERROR', 'The request body needs a "records" array of objects');
    }
    if (records.length > this.settings.maxCollectionSize) {
      return sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${this.settings.maxCollectionSize} records into this call`);
    }
    const results = (records as Record<string, unknown>[]).map((record) => {
      const type = (record.attributes as { type?: unknown } | undefined)?.type;
      if (type !== sobject) return { success: false, errors: [{ statusCode: 'INVALID_TYPE', message: `Record type ${String(type)} does not match the sObject type ${sobject} of the request`, fields: [] }] };
      return this.store.upsert(sobject, ext, record);
    });
    return { status: 200, json: results };
  }

  private collectionsDelete(req: EmulatorRequest): EmulatorResponse {
    const ids = (req.query.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) return sfError(400, 'MISSING_ARGUMENT', 'ids parameter is required');
    if (ids.length > this.settings.maxCollectionSize) return sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${this.settings.maxCollectionSize} records into this call`);
    return { status: 200, json: ids.map((id) => this.store.delete(id)) };
  }

  private query(req: EmulatorRequest): EmulatorResponse {
    const soql = req.query.get('q');
    if (!soql) return sfError(400, 'MALFORMED_QUERY', 'q parameter is required');
    try {
      return this.page(runQuery(this.store, soql, (req.params.version ?? '').replace(/^v/, '')), req.params.version ?? '');
    } catch (error) {
      if (error instanceof QueryError) return sfError(400, error.errorCode, error.message);
      throw error;
    }
  }

  private queryMore(req: EmulatorRequest): EmulatorResponse {
    const rest = this.cursors.get(req.params.locator ?? '');
    if (!rest) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    this.cursors.delete(req.params.locator ?? '');
    return this.page(rest, req.params.version ?? '');
  }

  private page(rows: Record<string, unknown>[], version: string): EmulatorResponse {
    const size = this.settings.queryBatchSize;
    const body: Record<string, unknown> = { totalSize: rows.length, done: rows.length <= size, records: rows.slice(0, size) };
    if (rows.length > size) {
      this.cursorCounter += 1;
      const locator = `01g5g${String(this.cursorCounter).padStart(10, '0')}AAA-${size}`;
      this.cursors.set(locator, rows.slice(size));
      body.nextRecordsUrl = `/services/data/${version}/query/${locator}`;
    }
    return { status: 200, json: body };
  }

  private limitsBody(): Record<string, unknown> {
    const max = this.settings.dailyLimit;
    return { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - this.limits.used) }, DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 } };
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.kit.random.int(0, 15).toString(16);
    return out;
  }
}

/** Starts a Salesforce emulator on 127.0.0.1 (an ephemeral port unless given). */
export async function startEmulator(options: SalesforceEmulatorOptions & Record<string, unknown> = {}): Promise<SalesforceEmulator> {
  // `datong emulate salesforce --set dailyLimit=500` passes settings at the top level.
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS || k === 'expireTokensAfterCalls' || k === 'requestsPerWindow')) as Partial<SalesforceEmulatorSettings>;
  return new SalesforceEmulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

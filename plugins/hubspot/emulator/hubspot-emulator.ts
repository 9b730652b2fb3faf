import { EmulatorKit, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RouteHandler, type RunningEmulator } from '@datong/sdk/emulator';
import { archiveAssociations, createAssociations, readAssociations } from './association-routes.js';
import type { ObjectType } from './default-properties.js';
import { errorResponse, type EmulatorApi } from './emulator-api.js';
import { DEFAULT_SETTINGS, type HubSpotEmulatorSettings } from './emulator-settings.js';
import { HubSpotStore, objectTypeOf } from './hubspot-store.js';
import { OAuthTokens, type HubSpotCredentials } from './oauth-tokens.js';
import { mergeObjects } from './merge-route.js';
import { batchArchive, batchRead, batchUpsert, getObject, listObjects, updateObject } from './object-routes.js';
import { createProperty, getProperty, listProperties } from './property-routes.js';
import { RateLimits, type RateLimitPolicy } from './rate-limits.js';

/** How to start the emulator: the kit's options plus the account's behaviour. */
export interface HubSpotEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  settings?: Partial<HubSpotEmulatorSettings>;
  /** Contacts people created in HubSpot by hand before datong came (no datong key); default 3. */
  seedContacts?: number;
  /** A clock for the rate-limit window, token expiry and timestamps. */
  now?: () => number;
}

const RATE_LIMIT_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  DAILY: 'You have reached your daily limit.',
};

/**
 * A HubSpot CRM account over HTTP: contacts and deals (batch upsert, read, archive, list, get,
 * update, merge), properties, v4 associations, OAuth refresh, bearer auth with token expiry, and HubSpot's two
 * rate limits with their 429 bodies and headers. Written from HubSpot's documentation, apart
 * from the sink it tests.
 *
 * @example
 *   const hubspot = await startEmulator({ settings: { burst: 10, intervalMs: 1000 } });
 *   const config = { accessToken: hubspot.credentials.accessToken, baseUrl: hubspot.url };
 */
export class HubSpotEmulator implements RunningEmulator {
  readonly kit: EmulatorKit;
  readonly store = new HubSpotStore();
  readonly settings: HubSpotEmulatorSettings;
  readonly tokens: OAuthTokens;
  readonly limits: RateLimits;
  readonly credentials: HubSpotCredentials;
  private readonly api: EmulatorApi;

  constructor(options: HubSpotEmulatorOptions = {}) {
    this.kit = new EmulatorKit({
      name: 'hubspot',
      port: options.port,
      host: options.host,
      seed: options.seed,
      faults: options.faults,
      now: options.now,
      rateLimitResponse: () => this.rateLimited('TEN_SECONDLY_ROLLING'),
    });
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    const now = () => this.kit.now();
    this.credentials = {
      accessToken: `pat-na1-${this.uuid()}`,
      clientId: this.uuid(),
      clientSecret: this.uuid(),
      refreshToken: `na1-${this.hex(4)}-${this.uuid()}`,
      portalId: String(this.kit.random.int(10_000_000, 99_999_999)),
    };
    this.limits = new RateLimits(this.settings, now);
    this.api = { store: this.store, settings: this.settings, now, correlationId: () => this.uuid() };
    this.tokens = new OAuthTokens(this.credentials, this.settings, {
      now,
      tokenExpired: (issuedAt) => this.kit.tokenExpired(issuedAt),
      token: () => this.hex(36),
      correlationId: () => this.uuid(),
    });
    this.seedContacts(options.seedContacts ?? 3);
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

  private routes(): void {
    const objects = (fn: (api: EmulatorApi, type: ObjectType, req: EmulatorRequest) => EmulatorResponse): RouteHandler =>
      this.platform((req) => {
        const type = objectTypeOf(req.params.objectType);
        return type ? fn(this.api, type, req) : this.unknownType(req.params.objectType);
      });
    const pair = (fn: (api: EmulatorApi, from: ObjectType, to: ObjectType, req: EmulatorRequest) => EmulatorResponse): RouteHandler =>
      this.platform((req) => {
        const from = objectTypeOf(req.params.from);
        const to = objectTypeOf(req.params.to);
        if (!from) return this.unknownType(req.params.from);
        return to ? fn(this.api, from, to, req) : this.unknownType(req.params.to);
      });
    const kit = this.kit;
    kit.route('POST', '/oauth/v1/token', (req) => this.tokens.grant((req.body ?? {}) as Record<string, unknown>));
    kit.route('GET', '/account-info/v3/details', this.platform(() => ({ status: 200, json: this.accountInfo() })));
    kit.route('GET', '/crm/v3/objects/:objectType', objects(listObjects));
    kit.route('GET', '/crm/v3/objects/:objectType/:id', objects(getObject));
    kit.route('PATCH', '/crm/v3/objects/:objectType/:id', objects(updateObject));
    kit.route('POST', '/crm/v3/objects/:objectType/merge', objects(mergeObjects));
    kit.route('POST', '/crm/v3/objects/:objectType/batch/upsert', objects(batchUpsert));
    kit.route('POST', '/crm/v3/objects/:objectType/batch/read', objects(batchRead));
    kit.route('POST', '/crm/v3/objects/:objectType/batch/archive', objects(batchArchive));
    kit.route('GET', '/crm/v3/properties/:objectType', objects((api, type) => listProperties(api, type)));
    kit.route('GET', '/crm/v3/properties/:objectType/:name', objects(getProperty));
    kit.route('POST', '/crm/v3/properties/:objectType', objects(createProperty));
    kit.route('POST', '/crm/v4/associations/:from/:to/batch/create', pair(createAssociations));
    kit.route('POST', '/crm/v4/associations/:from/:to/batch/read', pair(readAssociations));
    kit.route('POST', '/crm/v4/associations/:from/:to/batch/archive', pair(archiveAssociations));
    kit.control('dump', () => this.store.dump());
    kit.control('reset-daily', () => {
      this.limits.resetDaily();
      return { ok: true };
    });
    kit.control('reset-limits', () => {
      this.limits.reset();
      return { ok: true };
    });
    kit.control('settings', (body: Partial<HubSpotEmulatorSettings> | undefined) => Object.assign(this.settings, body ?? {}));
  }

  /** HubSpot's order for a platform call: authenticate, count against the limits, answer with the limit headers. */
  private platform(handler: (req: EmulatorRequest) => EmulatorResponse): RouteHandler {
    return (req) => {
      const refused = this.tokens.authenticate(req.headers.authorization);
      if (refused) return refused;
      const policy = this.limits.admit();
      if (policy) return this.rateLimited(policy);
      const response = handler(req);
      return { ...response, headers: { ...this.limits.headers(), ...response.headers } };
    };
  }

  private rateLimited(policy: RateLimitPolicy): EmulatorResponse {
    const headers = this.limits.headers();
    if (policy === 'TEN_SECONDLY_ROLLING') {
      headers['x-hubspot-ratelimit-remaining'] = '0';
      if (this.settings.retryAfterOn429) headers['retry-after'] = String(Math.max(1, Math.ceil(this.limits.msUntilSlot() / 1000)));
    }
    return {
      status: 429,
      headers,
      fault: policy === 'DAILY' ? 'daily-limit' : 'rate-limit',
      json: {
        status: 'error',
        message: RATE_LIMIT_MESSAGES[policy],
        errorType: 'RATE_LIMIT',
        correlationId: this.uuid(),
        policyName: policy,
        groupName: `api-calls-${policy === 'DAILY' ? 'daily' : 'burst'}:${this.credentials.portalId}`,
        category: 'RATE_LIMITS',
      },
    };
  }

  private unknownType(segment: string | undefined): EmulatorResponse {
    return errorResponse(this.api, 400, 'VALIDATION_ERROR', `Unable to infer object type from: ${segment}`);
  }

  private accountInfo(): Record<string, unknown> {
    return { portalId: Number(this.credentials.portalId), accountType: 'STANDARD', timeZone: 'Asia/Shanghai', companyCurrency: 'CNY', additionalCurrencies: ['USD'], utcOffset: '+08:00', utcOffsetMilliseconds: 28_800_000, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' };
  }

  private seedContacts(count: number): void {
    const now = this.kit.now();
    for (let i = 0; i < count; i++) {
      const person = this.kit.seed.person();
      const at = this.kit.seed.moment(now - 365 * 86_400_000, now - 86_400_000);
      this.store.create(
        'contacts',
        { email: person.email, firstname: person.firstName, lastname: person.lastName, phone: person.phone, city: person.address.city, state: person.address.province, country: person.address.country, lifecyclestage: 'lead' },
        at,
      );
    }
  }

  private hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.kit.random.int(0, 15).toString(16);
    return out;
  }

  private uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }
}

/** Starts a HubSpot emulator on 127.0.0.1 (an ephemeral port unless given). */
export async function startEmulator(options: HubSpotEmulatorOptions & Record<string, unknown> = {}): Promise<HubSpotEmulator> {
  // `datong emulate hubspot --set dailyLimit=500` passes settings at the top level.
  const loose = Object.fromEntries(Object.entries(options).filter(([k]) => k in DEFAULT_SETTINGS)) as Partial<HubSpotEmulatorSettings>;
  return new HubSpotEmulator({ ...options, settings: { ...loose, ...options.settings } }).start();
}

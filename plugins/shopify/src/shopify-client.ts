import {
  OAuth2Refresh,
  UpstreamError,
  headerAuth,
  type HttpAuth,
  type HttpClient,
  type HttpResponse,
  type PluginContext,
  type ResponseVerdict,
  type TokenBucket,
} from '@datong/sdk';
import { query, object, type BuiltQuery } from './graphql-selection.js';
import type { ResolvedShopifyConfig } from './shopify-config.js';

/** Shopify's cap on one query's requested cost (shopify.dev rate-limits page). */
export const MAX_QUERY_COST = 1000;

/** `extensions.cost` of a GraphQL Admin API response. */
export interface QueryCost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlBody {
  data?: unknown;
  errors?: { message?: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: QueryCost };
}

const SHOP_QUERY = query('Shop', '', [object('shop', ['name'])]);

/**
 * The GraphQL Admin API of one shop, through the SDK's HTTP client: the access token header (or
 * an expiring offline token refreshed single-flight), Shopify's cost-based throttling, and its
 * error shapes turned into typed errors.
 *
 * Throttling: every query takes its requested cost from the shop's shared token bucket before it
 * is sent, and every response's `throttleStatus` corrects the bucket, so the client waits instead
 * of being THROTTLED. The bucket size is learnt with a one-point query before the first costly
 * one, and `plan` shrinks a page until its query fits both the bucket and the 1,000-point cap.
 */
export class ShopifyClient {
  private readonly http: HttpClient;
  private readonly limiter: TokenBucket;
  private readonly parsed = new WeakMap<HttpResponse, GraphqlBody | undefined>();
  /** Requested costs the server reported, by query text: they win over our estimate when higher. */
  private readonly reported = new Map<string, number>();
  private maximumAvailable: number | undefined;
  private probed = false;
  private readonly path: string;

  constructor(
    private readonly config: ResolvedShopifyConfig,
    ctx: PluginContext,
  ) {
    for (const secret of [config.accessToken, config.clientSecret, config.refreshToken]) if (secret) ctx.secret(secret);
    this.path = `/admin/api/${config.apiVersion}/graphql.json`;
    // Shopify's older documented default for a Standard shop; the first response replaces it.
    this.limiter = ctx.rateLimiter(`shopify:${config.shop}`, { capacity: MAX_QUERY_COST, refillPerSecond: 50 });
    const auth = this.auth(ctx);
    this.http = ctx.http({
      baseUrl: config.baseUrl,
      platform: 'shopify',
      limiter: this.limiter,
      auth,
      classify: (response) => this.classify(response, auth),
      observe: (response) => this.observe(response),
      platformCode: (response) => {
        const errors = this.body(response)?.errors;
        return Array.isArray(errors) ? errors.find((e) => e.extensions?.code)?.extensions?.code : undefined;
      },
    });
  }

  /** Proves the credentials with the cheapest query there is; resolves with the shop's name. */
  async shopName(): Promise<string> {
    const data = await this.send<{ shop: { name: string } }>(SHOP_QUERY, {});
    return data.shop.name;
  }

  /**
   * The query for the largest page size up to `max` whose requested cost fits what one query may
   * cost here: the 1,000-point cap and the shop's bucket (learnt first if still unknown).
   */
  async plan(max: number, build: (size: number) => BuiltQuery): Promise<BuiltQuery> {
    if (!this.probed) {
      this.probed = true;
      if (this.maximumAvailable === undefined) await this.shopName();
    }
    const limit = Math.min(MAX_QUERY_COST, this.maximumAvailable ?? MAX_QUERY_COST);
    let size = Math.max(1, max);
    let built = build(size);
    while (size > 1 && this.costOf(built) > limit) {
      // Cost grows linearly with the page size: jump close to the fit, then step down.
      size = Math.max(1, Math.min(size - 1, Math.floor((size * limit) / this.costOf(built))));
      built = build(size);
    }
    return built;
  }

  /** Runs a query; resolves with its `data` or throws a typed error. */
  async send<T>(built: BuiltQuery, variables: Record<string, unknown>): Promise<T> {
    const response = await this.http.request({
      method: 'POST',
      path: this.path,
      json: { query: built.text, variables },
      cost: Math.min(this.costOf(built), this.maximumAvailable ?? MAX_QUERY_COST),
    });
    const body = this.body(response);
    const requested = body?.extensions?.cost?.requestedQueryCost;
    if (typeof requested === 'number') this.reported.set(built.text, Math.max(requested, this.reported.get(built.text) ?? 0));
    if (!body || body.data === undefined || body.data === null) {
      throw new UpstreamError(`shopify answered ${response.request} with no data`, { status: response.status, retryable: true });
    }
    return body.data as T;
  }

  private costOf(built: BuiltQuery): number {
    return Math.max(built.cost, this.reported.get(built.text) ?? 0, 1);
  }

  private auth(ctx: PluginContext): HttpAuth {
    const header = (token: string) => ({ 'X-Shopify-Access-Token': token });
    const { config } = this;
    if (config.refreshToken && config.clientId) {
      return new OAuth2Refresh(
        {
          tokenUrl: `${config.baseUrl}/admin/oauth/access_token`,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          refreshToken: config.refreshToken,
          accessToken: config.accessToken,
          header,
          stateKey: 'shopify.refresh_token',
          platform: 'shopify',
        },
        ctx,
      );
    }
    return headerAuth(header(config.accessToken ?? ''));
  }

  private body(response: HttpResponse): GraphqlBody | undefined {
    if (!this.parsed.has(response)) {
      let body: GraphqlBody | undefined;
      try {
        body = JSON.parse(response.text) as GraphqlBody;
      } catch {
        body = undefined;
      }
      this.parsed.set(response, body);
    }
    return this.parsed.get(response);
  }

  private observe(response: HttpResponse): void {
    const status = this.body(response)?.extensions?.cost?.throttleStatus;
    if (!status || !(status.maximumAvailable > 0)) return;
    this.maximumAvailable = status.maximumAvailable;
    this.limiter.update({ available: status.currentlyAvailable, capacity: status.maximumAvailable, refillPerSecond: status.restoreRate });
  }

  private classify(response: HttpResponse, auth: HttpAuth): ResponseVerdict | undefined {
    const body = this.body(response);
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    const throttled = errors.some((e) => e.extensions?.code === 'THROTTLED');
    if (throttled) {
      // Shopify answers THROTTLED with a 200 (seen) or a 429 (claimed): either way, every request on
      // this shop's bucket waits until it holds the requested cost again.
      const cost = body?.extensions?.cost;
      const missing = (cost?.requestedQueryCost ?? 0) - (cost?.throttleStatus?.currentlyAvailable ?? 0);
      const rate = cost?.throttleStatus?.restoreRate ?? 0;
      return { retry: true, reason: 'THROTTLED', pauseLimiter: true, afterMs: rate > 0 && missing > 0 ? Math.ceil((missing / rate) * 1000) : undefined };
    }
    if (response.status === 401 && !auth.refresh) {
      return {
        error: new UpstreamError(
          `shopify rejected the access token for shop "${this.config.shop}" (401 ${platformMessage(body) ?? 'Unauthorized'}): check accessToken`,
          { status: 401, code: 'AUTH_FAILED', retryable: false },
        ),
      };
    }
    if (response.status >= 200 && response.status < 300 && errors.length > 0) {
      const codes = [...new Set(errors.map((e) => e.extensions?.code).filter((c): c is string => !!c))];
      const message = `shopify GraphQL error on ${response.request}: ${errors.map((e) => e.message ?? '?').join('; ')}`;
      if (codes.includes('INTERNAL_SERVER_ERROR')) return { retry: true, reason: message };
      return { error: new UpstreamError(message, { status: response.status, platformCode: codes.join(',') || undefined, retryable: false }) };
    }
    return undefined;
  }
}

/** Shopify's REST-style error text: `{"errors":"[API] Invalid API key or access token ..."}`. */
function platformMessage(body: GraphqlBody | undefined): string | undefined {
  if (typeof body?.errors === 'string') return body.errors;
  return undefined;
}

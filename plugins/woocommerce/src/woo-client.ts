import { UpstreamError, type HttpAuth, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import type { ResolvedWooConfig } from './woo-config.js';
import { parseWooBody, wpError, type WpError } from './woo-response.js';

/** One page of a listing: its items and WooCommerce's X-WP-Total / X-WP-TotalPages. */
export interface WooPage<T> {
  items: T[];
  total: number;
  totalPages: number;
}

/** WooCommerce's answers to keys it does not accept (missing, unknown key, wrong secret, revoked). */
const AUTH_CODES = new Set(['woocommerce_rest_authentication_error', 'woocommerce_rest_cannot_view', 'rest_forbidden', 'woocommerce_rest_cannot_read']);

/**
 * The WooCommerce REST API v3 of one store, through the SDK's HTTP client: the consumer key and
 * secret as HTTP Basic auth (or as query parameters), WordPress REST error bodies turned into typed
 * errors — also when a plugin of the store answers them inside an HTTP 200 — and the page headers.
 */
export class WooClient {
  private readonly http: HttpClient;

  constructor(
    private readonly config: ResolvedWooConfig,
    private readonly ctx: PluginContext,
  ) {
    ctx.secret(config.consumerSecret);
    ctx.secret(config.consumerKey);
    this.http = ctx.http({
      baseUrl: config.apiBase,
      platform: 'woocommerce',
      auth: this.auth(),
      headers: { accept: 'application/json' },
      classify: (response) => this.classify(response),
      platformCode: (response) => errorOf(response)?.code,
    });
  }

  /** GET a listing page; `query` gets per_page and page from the caller. */
  async list<T>(path: string, query: Record<string, string | number | boolean | undefined>): Promise<WooPage<T>> {
    const response = await this.http.request({ path, query });
    const items = this.json(response);
    if (!Array.isArray(items)) {
      throw new UpstreamError(`woocommerce answered ${response.request} with ${typeof items}, not a list`, { status: response.status, code: 'BAD_RESPONSE', retryable: true });
    }
    const total = Number(response.headers['x-wp-total'] ?? items.length);
    const totalPages = Number(response.headers['x-wp-totalpages'] ?? 1);
    return { items: items as T[], total: Number.isFinite(total) ? total : items.length, totalPages: Number.isFinite(totalPages) ? totalPages : 1 };
  }

  /** Proves the keys can read orders: the smallest order listing there is. */
  async check(): Promise<void> {
    await this.list('/orders', { per_page: 1, page: 1 });
  }

  private json(response: HttpResponse): unknown {
    const parsed = parseWooBody(response.text);
    if (!parsed) throw new UpstreamError(`woocommerce answered ${response.request} with a body that is not JSON`, { status: response.status, code: 'BAD_RESPONSE' });
    if (parsed.junk) this.ctx.logger.warn('woocommerce: the store printed PHP notices before its JSON (display_errors is on); the JSON after them was used', { request: response.request });
    return parsed.value;
  }

  private auth(): HttpAuth {
    const { consumerKey, consumerSecret, authMethod } = this.config;
    if (authMethod === 'query') {
      return {
        async apply(request) {
          request.query.consumer_key = consumerKey;
          request.query.consumer_secret = consumerSecret;
        },
      };
    }
    const basic = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString('base64')}`;
    return {
      async apply(request) {
        request.headers.authorization = basic;
      },
    };
  }

  private classify(response: HttpResponse): ResponseVerdict | undefined {
    const { status } = response;
    if (status === 429 || status >= 500) return undefined;
    const parsed = parseWooBody(response.text);
    const error = parsed ? wpError(parsed.value) : undefined;
    // A store behind a security or caching plugin may answer a WordPress error with HTTP 200.
    const effective = error?.data?.status ?? status;
    if (status >= 200 && status < 300) {
      if (!parsed) {
        return {
          error: new UpstreamError(
            `woocommerce answered ${response.request} with a page that is not JSON: is ${this.config.storeUrl} a WooCommerce store with pretty permalinks on?`,
            { status, code: 'BAD_RESPONSE', retryable: false },
          ),
        };
      }
      if (!error) return { ok: true };
    }
    if (error && (effective === 401 || effective === 403 || AUTH_CODES.has(error.code))) {
      return {
        error: new UpstreamError(
          `woocommerce refused the REST API keys for ${this.config.storeUrl} (${effective} ${error.code}: ${error.message ?? ''}): check consumerKey and consumerSecret, or create new read keys in WooCommerce > Settings > Advanced > REST API (keys that were revoked must be re-authorized)`,
          { status: effective, platformCode: error.code, code: 'AUTH_FAILED', retryable: false },
        ),
      };
    }
    if (error) return { error: rejected(response, effective, error) };
    return undefined;
  }
}

function rejected(response: HttpResponse, status: number, error: WpError): UpstreamError {
  const params = error.data?.params ? ` (${Object.entries(error.data.params).map(([k, v]) => `${k}: ${v}`).join('; ')})` : '';
  const retryable = status === 429 || status >= 500;
  return new UpstreamError(`woocommerce answered ${status} ${error.code} for ${response.request}: ${error.message ?? ''}${params}`, {
    status,
    platformCode: error.code,
    code: status === 404 ? 'NOT_FOUND' : 'UPSTREAM_REJECTED',
    retryable,
  });
}

function errorOf(response: HttpResponse): WpError | undefined {
  const parsed = parseWooBody(response.text);
  return parsed ? wpError(parsed.value) : undefined;
}

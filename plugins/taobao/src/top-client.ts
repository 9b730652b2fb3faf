import { UpstreamError, type HttpAuth, type HttpClientOptions, type PluginContext, type TokenBucket } from '@datong/sdk';
import { classifyTopError } from './top-errors.js';
import { topSession, type TopSession } from './top-session.js';
import { topSignature } from './top-signature.js';
import { formatTopTime } from './top-time.js';
import type { ResolvedTaobaoConfig } from './taobao-config.js';

/** A business parameter: undefined ones are left out (and so unsigned). */
export type TopParams = Record<string, string | number | boolean | undefined>;

/** TOP ids grow past 2^53: quote them before JSON.parse rounds them. */
const BIG_IDS = /"(tid|oid|refund_id|num_iid|sku_id)":(\d{16,})/g;

/** Parses a TOP answer, its long numeric ids kept exact as text (`"tid":3654112345678901234` → "3654112345678901234"). */
export function parseTopJson(text: string): unknown {
  return JSON.parse(text.replace(BIG_IDS, '"$1":"$2"'));
}

/**
 * The TOP gateway of one app and seller: POSTs `<baseUrl>/router/rest` with the system parameters
 * (method, app_key, session, timestamp in GMT+8, format=json, v=2.0, sign_method, sign) in the
 * query string, as the official SDKs do, and the business parameters as the form body; signs both
 * together, afresh for every attempt (a retry after a ban or a refreshed session needs a new
 * timestamp and signature); and turns TOP's errors inside HTTP 200 into waits, refreshes and
 * typed errors (see `classifyTopError`).
 */
export class TopClient {
  private readonly session: TopSession;
  private readonly limiter: TokenBucket;
  private readonly now: () => number;

  constructor(
    readonly config: ResolvedTaobaoConfig,
    private readonly ctx: PluginContext,
    options: { now?: () => number } = {},
  ) {
    for (const secret of [config.appSecret, config.session, config.refreshToken]) if (secret) ctx.secret(secret);
    this.session = topSession(config, ctx);
    this.now = options.now ?? Date.now;
    // TOP's flow control is per app (and per app+API), with limits set per app in its console (not
    // public: UNCONFIRMED). This bucket only smooths bursts; the ban TOP answers pauses it.
    this.limiter = ctx.rateLimiter(`taobao:${config.appKey}`, { capacity: 100, refillPerSecond: 100 });
  }

  /** Calls one API; resolves with the body's `<name>_response` object (e.g. `trade_fullinfo_get_response`). */
  async call<T>(method: string, params: TopParams = {}): Promise<T> {
    const business: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (value !== undefined) business[name] = String(value);
    const auth = this.signer(method, business);
    const http = this.ctx.http(this.httpOptions(auth));
    const response = await http.request({ method: 'POST', path: '/router/rest', form: business });
    const key = `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
    let body: Record<string, unknown> | null;
    try {
      body = parseTopJson(response.text) as Record<string, unknown> | null;
    } catch (cause) {
      throw new UpstreamError(`taobao answered ${response.request} with a body that is not JSON`, { status: response.status, code: 'BAD_RESPONSE', retryable: true, cause });
    }
    const inner = body?.[key];
    if (inner === undefined || inner === null || typeof inner !== 'object') {
      throw new UpstreamError(`taobao answered ${response.request} without ${key}`, { status: response.status, code: 'BAD_RESPONSE', retryable: true });
    }
    return inner as T;
  }

  private httpOptions(auth: HttpAuth): HttpClientOptions {
    return {
      baseUrl: this.config.baseUrl,
      platform: 'taobao',
      limiter: this.limiter,
      auth,
      classify: (response) => classifyTopError(response, this.session.refresh !== undefined),
      platformCode: (response) => {
        try {
          const error = response.json<{ error_response?: { code?: unknown; sub_code?: unknown } }>().error_response;
          return error ? String(error.sub_code ?? error.code) : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }

  /** Signs one call at each attempt: the system parameters go in the query, the signature covers the form too. */
  private signer(method: string, business: Record<string, string>): HttpAuth {
    const { config, session } = this;
    return {
      apply: async ({ query }) => {
        const system: Record<string, string> = {
          method,
          app_key: config.appKey,
          session: await session.token(),
          timestamp: formatTopTime(this.now()),
          format: 'json',
          v: '2.0',
          sign_method: config.signMethod,
        };
        Object.assign(query, system, { sign: topSignature({ ...business, ...system }, config.appSecret, config.signMethod) });
      },
      current: () => session.current(),
      refresh: session.refresh ? (failedWith) => session.refresh!(failedWith) : undefined,
    };
  }
}

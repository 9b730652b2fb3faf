import { UpstreamError, type HttpAuth, type HttpResponse, type PluginContext, type ResponseVerdict, type TokenBucket } from '@datong/sdk';
import type { ResolvedDouyinConfig } from './douyin-config.js';
import { douyinSign, gatewayTimestamp, paramJson } from './douyin-signature.js';
import { DouyinTokens } from './douyin-tokens.js';

/** The gateway's envelope: `code` 10000 is success, anything else an error (inside HTTP 200). */
export interface Envelope<T = unknown> {
  code?: number;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  log_id?: string;
  data?: T;
}

export const SUCCESS = 10000;
/** isp.service-error: the reference says to retry 3–5 times within 30 s. */
export const SERVICE_ERROR = 20000;
/** Token refused: 30001 unknown token, 30002 expired (UNCONFIRMED codes; sub_codes naming access-token count too). */
export const TOKEN_CODES = new Set([30001, 30002]);
/** The throttle code is UNCONFIRMED; the emulator's default, plus any sub_code naming a flow or rate limit. */
export const RATE_LIMIT_CODES = new Set([40300]);
/** order.searchList: more than 50,000 results reachable, narrow the window. */
export const TOO_MANY_RESULTS = 'isv.parameter-invalid:20013';

/** Error codes this client gives its errors, beyond the HTTP kit's. */
export const WINDOW_TOO_WIDE = 'WINDOW_TOO_WIDE';

/**
 * The open platform's gateway: every call signed (recursively sorted param_json; HMAC-SHA256 or
 * MD5; lowercase hex; access_token unsigned) afresh on each attempt, the envelope's errors turned
 * into the HTTP kit's verdicts (service errors and throttles retried, a refused token refreshed
 * once, the rest typed and not retried), and the shop's tokens kept by DouyinTokens.
 */
export class DouyinClient {
  readonly tokens: DouyinTokens;
  private readonly limiter: TokenBucket;

  constructor(
    private readonly config: ResolvedDouyinConfig,
    private readonly ctx: PluginContext,
  ) {
    ctx.secret(config.appSecret);
    // The per-app QPS is UNCONFIRMED: a modest steady rate, throttles pause it further.
    this.limiter = ctx.rateLimiter(`douyin:${config.appKey}:${config.shopId ?? config.accessToken ?? config.refreshToken ?? ''}`, { capacity: 20, refillPerSecond: 50 });
    this.tokens = new DouyinTokens(config, ctx, (method, params) => this.call(method, params, { noAuth: true }));
  }

  /** Calls `method` (e.g. "order.searchList") with business params; resolves with the envelope's `data`. */
  async call<T>(method: string, params: Record<string, unknown>, options: { noAuth?: boolean } = {}): Promise<T> {
    const json = paramJson(params);
    const auth = this.signer(method, json, options.noAuth === true);
    const http = this.ctx.http({
      baseUrl: this.config.baseUrl,
      platform: 'douyin',
      limiter: this.limiter,
      auth,
      retries: 5,
      classify: (response) => this.classify(response, auth),
      platformCode: (response) => {
        const body = parse(response);
        return body?.code === undefined ? undefined : `${body.code}${body.sub_code ? `:${body.sub_code}` : ''}`;
      },
    });
    const response = await http.request({
      method: 'POST',
      path: `/${method.replace(/\./g, '/')}`,
      query: { method, app_key: this.config.appKey, v: '2', sign_method: this.config.signMethod },
      headers: { 'content-type': 'application/json' },
      body: json,
    });
    const body = parse(response);
    if (!body) throw new UpstreamError(`douyin answered ${response.request} with a body that is not JSON`, { status: response.status, code: 'BAD_RESPONSE', retryable: true });
    return body.data as T;
  }

  /** Signs each attempt anew (fresh timestamp), with the current token unless the call takes none. */
  private signer(method: string, json: string, noAuth: boolean): HttpAuth {
    const { config, tokens } = this;
    return {
      apply: async ({ query }) => {
        if (!noAuth) query.access_token = await tokens.token();
        const timestamp = gatewayTimestamp(Date.now());
        query.timestamp = timestamp;
        query.sign = douyinSign({ appKey: config.appKey, method, paramJson: json, timestamp, v: '2' }, config.appSecret, config.signMethod);
      },
      refresh: noAuth || !tokens.canRefresh ? undefined : (failedWith) => tokens.refresh(failedWith),
      current: () => (noAuth ? undefined : tokens.current()),
      refreshOn401: false,
    };
  }

  private classify(response: HttpResponse, auth: HttpAuth): ResponseVerdict | undefined {
    if (response.status < 200 || response.status >= 300) return undefined;
    const body = parse(response);
    if (!body || body.code === SUCCESS) return body ? { ok: true } : undefined;
    const code = body.code ?? -1;
    const sub = body.sub_code ?? '';
    const said = `${code}${sub ? ` ${sub}` : ''} ${[body.msg, body.sub_msg].filter(Boolean).join(' / ')}`.trim();
    const platformCode = `${code}${sub ? `:${sub}` : ''}`;
    if (code === SERVICE_ERROR) return { retry: true, reason: `service error ${said}` };
    if (RATE_LIMIT_CODES.has(code) || /flow[-_]?limit|rate[-_]?limit|too[-_]?many|frequen/i.test(sub)) {
      return { retry: true, reason: `throttled ${said}`, afterMs: this.config.rateLimitWaitMs, pauseLimiter: true };
    }
    if (TOKEN_CODES.has(code) || /access[-_]?token/i.test(sub)) {
      if (auth.refresh) return { refreshAuth: true, reason: `access_token refused ${said}` };
      return {
        error: new UpstreamError(`douyin refused the access_token (${said}) for ${response.request}: re-authorize the app, or give refreshToken so the source can renew it`, {
          status: response.status, platformCode, code: 'AUTH_FAILED', retryable: false,
        }),
      };
    }
    if (/sign/i.test(sub)) {
      return {
        error: new UpstreamError(`douyin refused the request signature (${said}) for ${response.request}: check appSecret and signMethod`, {
          status: response.status, platformCode, code: 'SIGNATURE_INVALID', retryable: false,
        }),
      };
    }
    const tooWide = sub === TOO_MANY_RESULTS;
    return {
      error: new UpstreamError(`douyin answered ${said} for ${response.request}`, {
        status: response.status, platformCode, code: tooWide ? WINDOW_TOO_WIDE : 'UPSTREAM_REJECTED', retryable: false,
      }),
    };
  }
}

const parsed = new WeakMap<HttpResponse, Envelope | undefined>();

function parse(response: HttpResponse): Envelope | undefined {
  if (!parsed.has(response)) {
    let body: Envelope | undefined;
    try {
      const value = JSON.parse(response.text) as unknown;
      body = value !== null && typeof value === 'object' ? (value as Envelope) : undefined;
    } catch {
      body = undefined;
    }
    parsed.set(response, body);
  }
  return parsed.get(response);
}

import { UpstreamError, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import { SilentToken } from './silent-token.js';
import type { ResolvedYouzanConfig } from './youzan-config.js';

/** Gateway codes that say the access token is unusable: 4201 none/invalid, 4202 expired, 4203 unknown. */
const TOKEN_CODES = new Set([4201, 4202, 4203]);
/** Throttle answers: the gateway's 4101 and the business-layer 请求被限流 codes Youzan documents. */
const THROTTLE_CODES = new Set([4101, 500100004, 123000042, 141500203]);
/** Business codes Youzan says to retry: the order listing's request timeouts. */
const RETRY_CODES = new Set([106000001, 106100118]);

/** The body of a /api/ answer: the business envelope, or the gateway's own error. */
interface Envelope<T> {
  success?: boolean;
  code?: number | string;
  message?: string | null;
  data?: T;
  trace_id?: string;
  gw_err_resp?: { err_code?: number | string; err_msg?: string; trace_id?: string };
}

/**
 * Youzan Cloud's API gateway: `POST <baseUrl>/api/<name>/<version>?access_token=…` with a JSON
 * body. Every answer is HTTP 200; errors come inside it, as `gw_err_resp` (gateway: path, token,
 * permission, throttling) or `success:false` with a business code. Throttles wait as Youzan advises
 * (3 s doubling); a dead token is renewed once; everything else is a typed, non-retryable error.
 */
export class YouzanClient {
  readonly token: SilentToken;
  private readonly http: HttpClient;
  private throttles = 0;

  constructor(
    readonly config: ResolvedYouzanConfig,
    ctx: PluginContext,
    now: () => number = Date.now,
  ) {
    this.token = new SilentToken(config, ctx, now);
    this.http = ctx.http({
      baseUrl: config.baseUrl,
      platform: 'youzan',
      auth: this.token,
      classify: (r) => this.classify(r),
      platformCode: (r) => codeOf(r),
    });
  }

  /** Calls one API and returns its `data`. */
  async call<T>(api: string, version: string, params: Record<string, unknown>): Promise<T> {
    let response: HttpResponse;
    try {
      response = await this.http.request({ method: 'POST', path: `/api/${api}/${version}`, json: params });
    } catch (error) {
      if (error instanceof UpstreamError && error.code === 'AUTH_FAILED' && TOKEN_CODES.has(Number(error.platformCode))) {
        throw new UpstreamError(
          `youzan refused the access token for shop ${this.config.grantId} (gateway ${error.platformCode}) even after a new token was issued: ` +
            'the shop has withdrawn or let lapse its authorization of the app; re-authorize it (店铺后台 → 有赞服务 → 定制服务)',
          { status: error.status, platformCode: error.platformCode, code: 'AUTH_FAILED', retryable: false, cause: error },
        );
      }
      throw error;
    }
    return (response.json<Envelope<T>>().data ?? {}) as T;
  }

  private classify(response: HttpResponse): ResponseVerdict | undefined {
    if (response.status !== 200) return undefined;
    let body: Envelope<unknown>;
    try {
      body = response.json<Envelope<unknown>>();
    } catch {
      return undefined;
    }
    const gateway = body.gw_err_resp;
    const code = gateway ? Number(gateway.err_code) : body.success === false || (body.code !== undefined && Number(body.code) !== 200) ? Number(body.code) : undefined;
    if (code === undefined) {
      this.throttles = 0;
      return { ok: true };
    }
    const message = gateway ? gateway.err_msg : body.message;
    if (THROTTLE_CODES.has(code)) {
      this.throttles++;
      const afterMs = this.config.throttleWaitMs * 2 ** Math.min(this.throttles - 1, 4);
      return { retry: true, reason: `throttled (${code} ${message ?? ''})`.trim(), afterMs, pauseLimiter: true };
    }
    if (gateway && TOKEN_CODES.has(code)) return { refreshAuth: true, reason: `access token refused (${code} ${message ?? ''})` };
    if (RETRY_CODES.has(code)) return { retry: true, reason: `request timed out upstream (${code})` };
    const what = gateway ? `gateway error ${code}` : `error ${code}`;
    return {
      error: new UpstreamError(`youzan answered ${what} (${message ?? 'no message'}) for ${response.request}`, {
        status: response.status,
        platformCode: String(code),
        code: gateway && code === 4204 ? 'FORBIDDEN' : 'UPSTREAM_REJECTED',
        retryable: false,
      }),
    };
  }
}

function codeOf(response: HttpResponse): string | undefined {
  try {
    const body = response.json<Envelope<unknown>>();
    const code = body.gw_err_resp?.err_code ?? (body.success === false ? body.code : undefined);
    return code === undefined ? undefined : String(code);
  } catch {
    return undefined;
  }
}

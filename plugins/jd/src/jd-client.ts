import {
  UpstreamError,
  type HttpAuth,
  type HttpResponse,
  type PluginContext,
  type ResponseVerdict,
  type TokenBucket,
} from '@datong/sdk';
import { GatewayClock } from './gateway-clock.js';
import type { ResolvedJdConfig } from './jd-config.js';
import { josSign } from './jd-signature.js';
import { formatJdTime } from './jd-time.js';
import { accessTokens, type AccessTokens } from './jd-token.js';

/** JOS gateway error: `{"error_response":{"code":"12","zh_desc":"无效签名","en_desc":"Invalid Signature"}}`. */
export interface JosError {
  code: string | number;
  zh_desc?: string;
  en_desc?: string;
}

/** App Call Limited (per the 3P error tables): retried, with the wait the message states if any. */
const THROTTLE_CODES = new Set(['2']);
/** The token-expired/invalid code is UNCONFIRMED (19 is the one commonly reported). */
const TOKEN_CODES = new Set(['19']);

/**
 * One JOS method call: the system parameters and `360buy_param_json` signed into the query at
 * every attempt (a retry gets a fresh timestamp on the gateway's clock), the access token from
 * `AccessTokens` (refreshed once when JOS says it expired and a refresh token is configured).
 */
class JosSigner implements HttpAuth {
  sentAt: number | undefined;
  corrected = false;
  private token: string | undefined;
  readonly refresh?: (failedWith: string | undefined) => Promise<void>;
  readonly refreshOn401 = false;

  constructor(
    private readonly method: string,
    private readonly paramJson: string,
    private readonly config: ResolvedJdConfig,
    private readonly tokens: AccessTokens,
    private readonly clock: GatewayClock,
  ) {
    if (tokens.refresh) this.refresh = (failedWith) => tokens.refresh!(failedWith);
  }

  current(): string | undefined {
    return this.token;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    this.token = await this.tokens.token();
    this.sentAt = this.clock.now();
    // Exactly the parameters of JD's own signing example (open.jd.com dev-guide listId=2643): no
    // `format` (routerjson answers JSON) and no `sign_method` (MD5 is the only digest), so the
    // gateway's view of which parameters are signed cannot differ from ours.
    const params: Record<string, string> = {
      method: this.method,
      app_key: this.config.appKey,
      access_token: this.token,
      timestamp: formatJdTime(this.sentAt),
      v: '2.0',
      '360buy_param_json': this.paramJson,
    };
    params.sign = josSign(params, this.config.appSecret);
    Object.assign(request.query, params);
  }
}

/**
 * The JOS router (`routerjson`) through the SDK's HTTP client: MD5 request signing, the
 * `<method>_responce` envelope (JD's spelling; `_response` accepted too), gateway errors inside
 * HTTP 200 turned into typed errors, throttling retried, the gateway clock followed.
 */
export class JdClient {
  readonly clock: GatewayClock;
  private readonly tokens: AccessTokens;
  private readonly limiter: TokenBucket;

  constructor(
    private readonly config: ResolvedJdConfig,
    private readonly ctx: PluginContext,
    localClock: () => number = Date.now,
  ) {
    for (const secret of [config.appSecret, config.accessToken, config.refreshToken]) if (secret) ctx.secret(secret);
    this.clock = new GatewayClock(localClock);
    this.tokens = accessTokens(config, ctx);
    // JOS publishes no per-app rate; a gentle default, corrected by App Call Limited answers.
    this.limiter = ctx.rateLimiter(`jd:${config.appKey}`, { capacity: 10, refillPerSecond: 10 });
  }

  /** Calls `method` with its business parameters; resolves with the body inside the envelope. */
  async call<T = Record<string, unknown>>(method: string, business: Record<string, unknown>): Promise<T> {
    const signer = new JosSigner(method, JSON.stringify(business), this.config, this.tokens, this.clock);
    const http = this.ctx.http({
      baseUrl: this.config.baseUrl,
      platform: 'jd',
      limiter: this.limiter,
      auth: signer,
      minDelayMs: 500,
      observe: (response) => void this.clock.observe(response.headers.date),
      classify: (response) => this.classify(response, signer),
      platformCode: (response) => {
        const code = josError(response)?.code;
        return code === undefined ? undefined : String(code);
      },
    });
    const response = await http.request({ method: 'GET', path: '' });
    const body = parse(response) ?? {};
    const key = method.replace(/\./g, '_');
    const inner = (body[`${key}_responce`] ?? body[`${key}_response`]) as (T & { code?: unknown }) | undefined;
    if (inner === undefined || inner === null || typeof inner !== 'object') {
      throw new UpstreamError(`jd answered ${response.request} without ${key}_responce: ${response.text.slice(0, 200)}`, { status: response.status, code: 'BAD_RESPONSE' });
    }
    if (inner.code !== undefined && String(inner.code) !== '0') {
      throw new UpstreamError(`jd answered ${method} with code ${String(inner.code)}: ${response.text.slice(0, 300)}`, { status: response.status, platformCode: String(inner.code), code: 'UPSTREAM_REJECTED' });
    }
    return inner;
  }

  private classify(response: HttpResponse, signer: JosSigner): ResponseVerdict | undefined {
    const error = josError(response);
    if (!error) return undefined;
    const code = String(error.code);
    const said = [error.en_desc, error.zh_desc].filter(Boolean).join(' / ');
    const where = `${response.request} (code ${code}: ${said})`;
    if (THROTTLE_CODES.has(code)) {
      return { retry: true, reason: `App Call Limited: ${said}`, afterMs: statedWaitMs(said), pauseLimiter: true };
    }
    if (code === '8') return this.timestampRefused(response, signer, where);
    if (code === '12') {
      return { error: new UpstreamError(`jd refused the signature of ${where}: check that appSecret is the secret of app ${this.config.appKey}`, { status: response.status, platformCode: code, code: 'SIGNATURE_INVALID', retryable: false }) };
    }
    if (TOKEN_CODES.has(code) || /access[_ ]?token/i.test(said)) {
      if (signer.refresh) return { refreshAuth: true, reason: `access token refused (code ${code})` };
      return {
        error: new UpstreamError(`jd refused the access token at ${where}: it expired or was revoked (a password change revokes it); re-authorize the app at open-oauth.jd.com and set the new accessToken, or give refreshToken`, {
          status: response.status, platformCode: code, code: 'AUTH_FAILED', retryable: false,
        }),
      };
    }
    if (code === '15') {
      return { error: new UpstreamError(`jd does not offer this method to this app at ${where}: check the API is subscribed (and v=2.0)`, { status: response.status, platformCode: code, code: 'UPSTREAM_REJECTED', retryable: false }) };
    }
    return { error: new UpstreamError(`jd refused ${where}`, { status: response.status, platformCode: code, code: 'UPSTREAM_REJECTED', retryable: false }) };
  }

  /** Error 8: the timestamp is outside the gateway's ±6 minutes. Correct from the Date header once, else say so. */
  private timestampRefused(response: HttpResponse, signer: JosSigner, where: string): ResponseVerdict {
    const server = Date.parse(response.headers.date ?? '');
    const sent = signer.sentAt ?? this.clock.now();
    if (!Number.isNaN(server) && Math.abs(server - sent) > 60_000 && !signer.corrected) {
      // observe() has already moved the clock to the gateway's: signing again sends a good timestamp.
      signer.corrected = true;
      return { retry: true, reason: `the request timestamp was ${Math.round((sent - server) / 1000)} s off the gateway's clock; corrected`, afterMs: 0 };
    }
    const gateway = Number.isNaN(server) ? 'the gateway sent no Date header to correct it by' : `the gateway's clock reads ${new Date(server).toISOString()}`;
    return {
      error: new UpstreamError(`jd refused the request timestamp ${formatJdTime(sent)} (GMT+8) at ${where}: JOS accepts ±6 minutes and ${gateway}; set this machine's clock right (NTP)`, {
        status: response.status, platformCode: '8', code: 'CLOCK_SKEW', retryable: false,
      }),
    };
  }
}

function parse(response: HttpResponse): Record<string, unknown> | undefined {
  try {
    const body = response.json<unknown>();
    return body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function josError(response: HttpResponse): JosError | undefined {
  const error = parse(response)?.error_response as JosError | undefined;
  return error && typeof error === 'object' && error.code !== undefined ? error : undefined;
}

/** "…1秒后重试", "retry after 3 seconds": the wait a throttle answer states (format UNCONFIRMED), ms. */
export function statedWaitMs(text: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s*(?:秒|s\b|sec|seconds?)/i.exec(text);
  return m ? Math.ceil(Number(m[1]) * 1000) : undefined;
}

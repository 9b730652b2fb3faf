import { UpstreamError, type HttpClient, type HttpResponse, type PluginContext, type ResponseVerdict } from '@datong/sdk';
import type { ResolvedPddConfig } from './pdd-config.js';
import { pddSign } from './pdd-signature.js';

/** PDD's error envelope, inside an HTTP 200. */
export interface PddErrorResponse {
  error_code?: number | string;
  error_msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}

/** Business parameters of one call; undefined ones are not sent. */
export type PddParams = Record<string, string | number | boolean | undefined>;

// Error codes from PDD's per-API error tables (copied in lywzx/pdd-node-sdk test/scripts/util.spec.ts).
/** 调用过于频繁: throttled; retried after `throttleWaitSeconds`. */
const THROTTLED = new Set(['70031', '70032']);
/** access_token已过期: refresh when a refresh token is at hand. */
const TOKEN_EXPIRED = new Set(['10019', '10035']);
/** The app or its authorization is refused: re-authorize, retrying cannot help. */
const AUTH_REFUSED = new Set(['10010', '10011', '10014', '10016', '20031', '20032']);
/** 签名sign校验失败. */
const SIGNATURE_INVALID = '20004';
/** 系统内部错误 and 系统维护: the platform's own trouble, worth another try. */
const TRANSIENT = new Set(['50000', '70033']);

/** The key in the plugin's state of the rotated refresh token (stored encrypted). */
export const REFRESH_TOKEN_STATE_KEY = 'pinduoduo.refresh_token';

/**
 * The PDD Open Platform router: signs each call, POSTs it as a form, recognises the
 * `error_response` PDD answers inside HTTP 200 (throttling retried, an expired token refreshed
 * once where a refresh token is at hand, refusals typed and never retried), and keeps every
 * token out of messages.
 */
export class PddClient {
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private refreshing: Promise<void> | undefined;
  private storedLoaded = false;
  private refreshes = 0;
  private readonly http: HttpClient;

  constructor(
    private readonly config: ResolvedPddConfig,
    private readonly ctx: PluginContext,
  ) {
    this.accessToken = config.accessToken;
    this.refreshToken = config.refreshToken;
    for (const secret of [config.clientSecret, config.accessToken, config.refreshToken]) if (secret) ctx.secret(secret);
    this.http = ctx.http({
      baseUrl: config.baseUrl,
      platform: 'pinduoduo',
      // PDD publishes per-app quotas per API in its console only (UNCONFIRMED): a configurable pace.
      limiter: ctx.rateLimiter(`pinduoduo:${config.clientId}`, { capacity: Math.max(1, Math.ceil(config.callsPerSecond)), refillPerSecond: config.callsPerSecond }),
      classify: (response) => this.classify(response),
      platformCode: (response) => errorOf(response)?.error_code?.toString(),
    });
  }

  /** How many times this client renewed the access token. */
  get refreshCount(): number {
    return this.refreshes;
  }

  /**
   * Calls one merchant API (`type`, e.g. pdd.order.number.list.increment.get) and resolves with
   * the whole JSON answer (`{ <name>_response: ... }`). An expired token is refreshed once and the
   * call signed again; without a refresh token it is an AUTH_FAILED error telling to re-authorize.
   */
  async call<T>(type: string, params: PddParams): Promise<T> {
    if (this.accessToken === undefined) await this.refresh(undefined);
    for (let attempt = 0; ; attempt++) {
      const token = this.accessToken;
      try {
        return await this.send<T>(type, params, token);
      } catch (error) {
        if (!(error instanceof UpstreamError) || error.code !== 'TOKEN_EXPIRED') throw error;
        if (attempt > 0) throw expired(error, true);
        if (!(await this.hasRefreshToken())) throw expired(error, false);
        await this.refresh(token);
      }
    }
  }

  /** Whether a refresh token is at hand: the config's, or a rotated one an earlier run stored. */
  private async hasRefreshToken(): Promise<boolean> {
    await this.loadStored();
    return this.refreshToken !== undefined;
  }

  private async loadStored(): Promise<void> {
    if (this.storedLoaded) return;
    this.storedLoaded = true;
    // A rotated refresh token from an earlier run beats the config's, which may be dead by now.
    const stored = await this.ctx.state.getSecret(REFRESH_TOKEN_STATE_KEY);
    if (stored) {
      this.ctx.secret(stored);
      this.refreshToken = stored;
    }
  }

  /** One signed POST; resolves with the parsed answer or throws the typed error classify chose. */
  private async send<T>(type: string, params: PddParams, accessToken: string | undefined): Promise<T> {
    const form = this.signedForm(type, params, accessToken);
    const response = await this.http.request({ method: 'POST', path: '', form });
    return response.json<T>();
  }

  /** System parameters plus the business ones, all as text, with `sign` over them all. */
  signedForm(type: string, params: PddParams, accessToken: string | undefined, nowMs = Date.now()): Record<string, string> {
    const all: PddParams = {
      ...params,
      type,
      client_id: this.config.clientId,
      access_token: accessToken,
      timestamp: String(Math.floor(nowMs / 1000)),
      data_type: 'JSON',
      version: 'V1',
    };
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(all)) if (value !== undefined) form[name] = String(value);
    form.sign = pddSign(form, this.config.clientSecret);
    return form;
  }

  /** Single-flight: callers whose token was already replaced just go again. */
  private refresh(failedWith: string | undefined): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (this.accessToken !== undefined && this.accessToken !== failedWith) return Promise.resolve();
    this.refreshing = this.renew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async renew(): Promise<void> {
    await this.loadStored();
    if (this.refreshToken === undefined) {
      throw new UpstreamError('the Pinduoduo access_token is missing or expired and no refreshToken is configured: re-authorize the app for this shop and put the new accessToken in the config', {
        code: 'AUTH_FAILED',
        retryable: false,
      });
    }
    let answer: { pop_auth_token_refresh_response?: { access_token?: string; refresh_token?: string } };
    try {
      answer = await this.send('pdd.pop.auth.token.refresh', { refresh_token: this.refreshToken }, undefined);
    } catch (error) {
      if (error instanceof UpstreamError && error.retryable) throw error;
      throw new UpstreamError(`Pinduoduo refused the refresh token (${(error as Error).message}): re-authorize the app for this shop and put the new tokens in the config`, {
        code: 'AUTH_REFRESH_FAILED',
        retryable: false,
        platformCode: error instanceof UpstreamError ? error.platformCode : undefined,
      });
    }
    const token = answer.pop_auth_token_refresh_response;
    if (typeof token?.access_token !== 'string' || token.access_token === '') {
      throw new UpstreamError('Pinduoduo answered pdd.pop.auth.token.refresh without an access_token: re-authorize the app for this shop', { code: 'AUTH_REFRESH_FAILED', retryable: false });
    }
    this.refreshes++;
    this.ctx.secret(token.access_token);
    this.accessToken = token.access_token;
    if (typeof token.refresh_token === 'string' && token.refresh_token !== '' && token.refresh_token !== this.refreshToken) {
      this.ctx.secret(token.refresh_token);
      this.refreshToken = token.refresh_token;
      // The old refresh token may be dead already: lose this one and the next run cannot start.
      await this.ctx.state.setSecret(REFRESH_TOKEN_STATE_KEY, token.refresh_token);
    }
  }

  /** PDD answers errors inside HTTP 200 as `{"error_response": {...}}`. */
  private classify(response: HttpResponse): ResponseVerdict | undefined {
    const error = errorOf(response);
    if (error === undefined) return undefined;
    const code = String(error.error_code ?? '');
    const said = describe(error);
    const options = { status: response.status, platformCode: code, retryable: false };
    if (THROTTLED.has(code)) {
      return { retry: true, reason: `throttled (${said})`, afterMs: this.config.throttleWaitMs, pauseLimiter: true };
    }
    if (TRANSIENT.has(code)) return { retry: true, reason: `platform error (${said})` };
    if (TOKEN_EXPIRED.has(code)) {
      return { error: new UpstreamError(`Pinduoduo says the access_token has expired (${said}) for ${response.request}`, { ...options, code: 'TOKEN_EXPIRED' }) };
    }
    if (AUTH_REFUSED.has(code)) {
      return {
        error: new UpstreamError(`Pinduoduo refused the credentials: the access_token or client_id is not accepted (${said}) for ${response.request}; check clientId and re-authorize the app for this shop`, {
          ...options,
          code: 'AUTH_FAILED',
        }),
      };
    }
    if (code === SIGNATURE_INVALID) {
      return {
        error: new UpstreamError(`Pinduoduo rejected the request signature (${said}) for ${response.request}: check that clientSecret belongs to clientId`, {
          ...options,
          code: 'SIGNATURE_INVALID',
        }),
      };
    }
    return { error: new UpstreamError(`Pinduoduo refused the call (${said}) for ${response.request}`, { ...options, code: 'UPSTREAM_REJECTED' }) };
  }
}

/** The error_response of an answer, or undefined when it has none (or is not JSON). */
export function errorOf(response: HttpResponse): PddErrorResponse | undefined {
  if (response.status < 200 || response.status >= 300) return undefined;
  try {
    const body = response.json<{ error_response?: PddErrorResponse }>();
    return body !== null && typeof body === 'object' && body.error_response ? body.error_response : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: PddErrorResponse): string {
  const sub = [error.sub_code, error.sub_msg].filter((x) => x !== undefined && x !== '').join(' ');
  return `error ${error.error_code ?? '?'} ${error.error_msg ?? ''}${sub ? `; ${sub}` : ''}`.trim();
}

function expired(error: UpstreamError, afterRefresh: boolean): UpstreamError {
  const what = afterRefresh
    ? 'still expired right after a token refresh'
    : 'expired and no refreshToken is configured';
  return new UpstreamError(`${error.message}: the access_token is ${what}; re-authorize the app for this shop and put the new accessToken in the config`, {
    status: error.status,
    platformCode: error.platformCode,
    code: 'AUTH_FAILED',
    retryable: false,
    cause: error,
  });
}

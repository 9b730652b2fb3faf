import { UpstreamError } from '../errors.js';
import type { PluginContext } from '../plugin.js';
import type { HttpClient } from './http-client.js';
import type { HttpAuth, HttpResponse } from './http-types.js';

/** A token endpoint's answer (RFC 6749 §5.1), with whatever the platform adds. */
export interface OAuth2TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  [k: string]: unknown;
}

export interface OAuth2RefreshOptions {
  /** Absolute URL of the token endpoint. */
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  /** From the config; a rotated one in ctx.state wins over it. */
  refreshToken: string;
  /** An initial token, if the config has one. */
  accessToken?: string;
  /** Ms epoch of accessToken's expiry, if known. */
  expiresAt?: number;
  /** Key in ctx.state for the rotated refresh token (stored with setSecret, i.e. encrypted). Default 'oauth2.refresh_token'. */
  stateKey?: string;
  /** How the token goes on a request; default `Authorization: Bearer <token>`. */
  header?: (token: string) => Record<string, string>;
  /** For platforms that take the token as a query parameter instead (TOP's `session`). */
  query?: (token: string) => Record<string, string>;
  /** Refresh this long before expiry; default 60_000. */
  leewayMs?: number;
  extraParams?: Record<string, string>;
  /** Sees each token response (Zoho's api_domain, Salesforce's instance_url). */
  onToken?: (response: OAuth2TokenResponse) => void;
  /** Whether a plain 401 triggers a refresh; default true. HubSpot asks clients to track the TTL instead. */
  refreshOn401?: boolean;
  /** The platform's name, for messages; default the token endpoint's host. */
  platform?: string;
  /** Ms clock, for tests. */
  now?: () => number;
}

/**
 * OAuth2 refresh_token grant as an HttpAuth: single-flight refresh, rotated refresh token
 * persisted encrypted via ctx.state.setSecret, every new token passed to ctx.secret() for
 * redaction. Posts form grant_type=refresh_token&refresh_token&client_id&client_secret to tokenUrl.
 *
 * @example
 *   const auth = new OAuth2Refresh({ tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
 *     clientId, clientSecret, refreshToken, onToken: (t) => { instanceUrl = String(t.instance_url); } }, ctx);
 *   const api = ctx.http({ baseUrl, platform: 'salesforce', auth });
 */
export class OAuth2Refresh implements HttpAuth {
  readonly refreshOn401: boolean;
  private accessToken: string | undefined;
  private expiresAt: number | undefined;
  private refreshToken: string;
  private refreshes = 0;
  private inFlight: Promise<void> | undefined;
  private loaded: Promise<void> | undefined;
  private readonly client: HttpClient;
  private readonly now: () => number;
  private readonly platform: string;

  constructor(
    private readonly options: OAuth2RefreshOptions,
    private readonly ctx: PluginContext,
  ) {
    this.accessToken = options.accessToken;
    this.expiresAt = options.expiresAt;
    this.refreshToken = options.refreshToken;
    this.refreshOn401 = options.refreshOn401 ?? true;
    this.now = options.now ?? Date.now;
    this.platform = options.platform ?? new URL(options.tokenUrl).host;
    for (const secret of [options.clientSecret, options.refreshToken, options.accessToken]) {
      if (secret) ctx.secret(secret);
    }
    this.client = ctx.http({ baseUrl: options.tokenUrl, platform: this.platform, classify: (r) => this.classify(r) });
  }

  /** How many times the token endpoint was asked for a new token. */
  get refreshCount(): number {
    return this.refreshes;
  }

  current(): string | undefined {
    return this.accessToken;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    const leeway = this.options.leewayMs ?? 60_000;
    if (this.accessToken === undefined || (this.expiresAt !== undefined && this.now() >= this.expiresAt - leeway)) {
      await this.refresh(this.accessToken);
    }
    const token = this.accessToken as string;
    if (this.options.query) Object.assign(request.query, this.options.query(token));
    Object.assign(request.headers, this.options.header ? this.options.header(token) : { Authorization: `Bearer ${token}` });
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // Someone refreshed after this caller's token was sent: the new one is worth a try first.
    if (this.accessToken !== undefined && this.accessToken !== failedWith) return Promise.resolve();
    this.inFlight = this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<void> {
    await this.loadStoredRefreshToken();
    const form: Record<string, string> = {
      grant_type: 'refresh_token',
      refresh_token: this.refreshToken,
      client_id: this.options.clientId,
      ...(this.options.clientSecret === undefined ? {} : { client_secret: this.options.clientSecret }),
      ...this.options.extraParams,
    };
    this.refreshes++;
    const response = await this.client.request({ method: 'POST', path: this.options.tokenUrl, form, noAuth: true });
    const token = response.json<Partial<OAuth2TokenResponse> & { error?: unknown; error_description?: unknown }>();
    if (typeof token?.access_token !== 'string' || token.access_token === '') {
      // Zoho answers a refused refresh token with HTTP 200 and {"error":"invalid_code"}.
      const code = typeof token?.error === 'string' ? token.error : undefined;
      throw this.refused(response, code ?? 'no access_token in the answer', code);
    }
    this.ctx.secret(token.access_token);
    this.accessToken = token.access_token;
    this.expiresAt = typeof token.expires_in === 'number' ? this.now() + token.expires_in * 1000 : undefined;
    if (typeof token.refresh_token === 'string' && token.refresh_token !== '' && token.refresh_token !== this.refreshToken) {
      this.ctx.secret(token.refresh_token);
      this.refreshToken = token.refresh_token;
      // The old refresh token may be dead already: lose this one and the next run cannot start.
      await this.ctx.state.setSecret(this.stateKey(), token.refresh_token);
    }
    this.options.onToken?.(token as OAuth2TokenResponse);
  }

  /** A stored (rotated) refresh token beats the config's, which may have been rotated away. */
  private loadStoredRefreshToken(): Promise<void> {
    this.loaded ??= this.ctx.state.getSecret(this.stateKey()).then((stored) => {
      if (stored) {
        this.ctx.secret(stored);
        this.refreshToken = stored;
      }
    });
    return this.loaded;
  }

  private stateKey(): string {
    return this.options.stateKey ?? 'oauth2.refresh_token';
  }

  private classify(response: HttpResponse): { error: UpstreamError } | undefined {
    if (![400, 401, 403].includes(response.status)) return undefined;
    let code: string | undefined;
    try {
      const body = response.json<{ error?: unknown }>();
      if (typeof body?.error === 'string') code = body.error;
    } catch {
      // Not JSON: the status says enough.
    }
    return { error: this.refused(response, code ?? `HTTP ${response.status}`, code) };
  }

  private refused(response: HttpResponse, why: string, platformCode: string | undefined): UpstreamError {
    return new UpstreamError(
      `${this.platform} refused the refresh token (${why}; answered ${response.status} for ${response.request}): ` +
        're-authorize the app and put the new refresh token in the config',
      { status: response.status, platformCode, code: 'AUTH_REFRESH_FAILED', retryable: false },
    );
  }
}

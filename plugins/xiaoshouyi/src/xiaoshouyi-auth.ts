import { UpstreamError, type HttpAuth, type HttpClient, type HttpResponse, type PluginContext } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';

/** Where the rotated refresh token is kept (encrypted, through ctx.state.setSecret). */
export const REFRESH_TOKEN_STATE_KEY = 'xiaoshouyi.refresh_token';

/** Refresh this long before the access token's end. */
const LEEWAY_MS = 60_000;

/** The token endpoint's answer, as far as the sink reads it. */
interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/**
 * Xiaoshouyi's OAuth2 as an HttpAuth. The first token comes from the password grant
 * (`grant_type=password`, the user's password with the 8-character security token appended, as
 * Xiaoshouyi documents); later ones from the refresh grant, a minute before the 2-hour token ends
 * or once when a call answers that the token is dead. A refresh token Xiaoshouyi refuses (its
 * 2 months are up, or it was revoked) falls back to the password grant. Refreshes are
 * single-flight: concurrent calls that meet a dead token share one. A refresh token that comes
 * back rotated is kept with `ctx.state.setSecret` (encrypted) so the next run starts from it;
 * every token is passed to `ctx.secret()`.
 */
export class XiaoshouyiAuth implements HttpAuth {
  readonly refreshOn401 = true;
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshToken: string | undefined;
  private inFlight: Promise<void> | undefined;
  private loaded = false;
  /** Calls to the token endpoint, by grant: for tests and logs. */
  readonly grants = { password: 0, refresh_token: 0 };

  constructor(
    private readonly settings: SinkSettings,
    private readonly tokenClient: HttpClient,
    private readonly ctx: PluginContext,
    private readonly now: () => number = Date.now,
  ) {
    for (const secret of [settings.clientSecret, settings.password, settings.securityToken, settings.password + settings.securityToken]) ctx.secret(secret);
  }

  current(): string | undefined {
    return this.accessToken;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    if (this.accessToken === undefined || this.now() >= this.expiresAt - LEEWAY_MS) await this.refresh(this.accessToken);
    request.headers.Authorization = `Bearer ${this.accessToken as string}`;
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    // Someone refreshed after this caller's token was sent: the new one is worth a try first.
    if (this.accessToken !== undefined && this.accessToken !== failedWith && this.now() < this.expiresAt - LEEWAY_MS) return Promise.resolve();
    this.inFlight = this.newToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async newToken(): Promise<void> {
    await this.loadStoredRefreshToken();
    if (this.refreshToken !== undefined) {
      const answer = await this.grant('refresh_token', { refresh_token: this.refreshToken });
      if (answer.ok) return this.adopt(answer.token);
      this.ctx.logger.warn(`xiaoshouyi: the refresh token was refused (${answer.why}); signing in again with the password grant`, { reason: answer.why });
      this.refreshToken = undefined;
    }
    const answer = await this.grant('password', { username: this.settings.username, password: this.settings.password + this.settings.securityToken });
    if (!answer.ok) {
      throw new UpstreamError(
        `Xiaoshouyi refused the credentials of the password grant (${answer.why}): check the sink's clientId, clientSecret, redirectUri, username, password and securityToken (the 8-character security token changes when the password is reset)`,
        { status: answer.status, platformCode: answer.code, code: 'AUTH_FAILED', retryable: false },
      );
    }
    await this.adopt(answer.token);
  }

  private async grant(
    grantType: 'password' | 'refresh_token',
    params: Record<string, string>,
  ): Promise<{ ok: true; token: TokenAnswer & { access_token: string } } | { ok: false; why: string; status: number; code?: string }> {
    this.grants[grantType]++;
    const form = { grant_type: grantType, client_id: this.settings.clientId, client_secret: this.settings.clientSecret, redirect_uri: this.settings.redirectUri, ...params };
    const response = await this.tokenClient.request({ method: 'POST', path: this.settings.tokenUrl, form, noAuth: true });
    const token = parse(response);
    if (response.status < 400 && typeof token.access_token === 'string' && token.access_token !== '') return { ok: true, token: token as TokenAnswer & { access_token: string } };
    const code = typeof token.error === 'string' ? token.error : undefined;
    const description = typeof token.error_description === 'string' ? `: ${token.error_description}` : '';
    return { ok: false, why: `${code ?? `HTTP ${response.status}, no access_token`}${description}`, status: response.status, code };
  }

  private async adopt(token: TokenAnswer & { access_token: string }): Promise<void> {
    this.ctx.secret(token.access_token);
    this.accessToken = token.access_token;
    const lifetime = typeof token.expires_in === 'number' && token.expires_in > 0 ? token.expires_in : Number(token.expires_in) > 0 ? Number(token.expires_in) : this.settings.tokenLifetimeSeconds;
    this.expiresAt = this.now() + lifetime * 1000;
    if (typeof token.refresh_token === 'string' && token.refresh_token !== '' && token.refresh_token !== this.refreshToken) {
      this.ctx.secret(token.refresh_token);
      this.refreshToken = token.refresh_token;
      // The old refresh token may be dead already: lose this one and the next run signs in again.
      await this.ctx.state.setSecret(REFRESH_TOKEN_STATE_KEY, token.refresh_token);
    }
  }

  /** A refresh token kept by an earlier run saves a password sign-in. */
  private async loadStoredRefreshToken(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const stored = await this.ctx.state.getSecret(REFRESH_TOKEN_STATE_KEY);
    if (stored) {
      this.ctx.secret(stored);
      this.refreshToken ??= stored;
    }
  }
}

function parse(response: HttpResponse): TokenAnswer {
  try {
    const body = response.json<unknown>();
    return body !== null && typeof body === 'object' ? (body as TokenAnswer) : {};
  } catch {
    return {};
  }
}

import { createHash } from 'node:crypto';
import { UpstreamError, type HttpAuth, type HttpClient, type HttpResponse, type PluginContext } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';

/** An access token with what Zoho said of it: when it dies and which API domain (data centre) it is for. */
export interface AccessToken {
  accessToken: string;
  apiDomain: string;
  issuedAt: number;
  expiresAt: number;
}

/** Kept encrypted in ctx.state (setSecret) so the next run, or another process, reuses a live token. */
export const TOKEN_STATE_KEY = 'zoho.access_token';
/** A refresh token Zoho handed back in place of the config's, should it ever rotate one. */
export const REFRESH_STATE_KEY = 'zoho.refresh_token';

/** Zoho's throttle on the token endpoint: 10 access tokens per refresh token per 10 minutes. */
const TOKEN_WINDOW_MS = 10 * 60_000;

/** What one process knows of one refresh token's access token, shared by every connection using it. */
interface TokenSlot {
  token?: AccessToken;
  inFlight?: Promise<AccessToken>;
  /** Tokens Zoho answered INVALID_TOKEN for: never adopted again, from memory or from the store. */
  dead: Set<string>;
  minted: number;
}

const slots = new Map<string, TokenSlot>();

/** Forgets the access tokens this process holds, as a new process would start (tests; a long-lived host after re-authorizing). */
export function clearTokenCache(): void {
  slots.clear();
}

/**
 * Zoho's OAuth as an HttpAuth: `Authorization: Zoho-oauthtoken <token>`, refreshed with
 * grant_type=refresh_token at `{accountsUrl}/oauth/v2/token`. Zoho counts tokens (10 per refresh
 * token per 10 minutes, then "Access Denied" for the rest of the window), so a token is minted
 * only when none is live: one refresh in flight per process and refresh token (every connection
 * of the process shares it), the live token reused from the encrypted plugin state by the next
 * run or another process, and a refresh only when the token expired or Zoho answered 401
 * INVALID_TOKEN (the HTTP client then resends once). The token answer's `api_domain` is the
 * data centre's API host, where every call goes.
 */
export class ZohoAuth implements HttpAuth {
  /** Only a 401 INVALID_TOKEN refreshes (classify-response decides); other 401s are plain auth failures. */
  readonly refreshOn401 = false;
  private token: AccessToken | undefined;
  private readonly slot: TokenSlot;
  private readonly fingerprint: string;
  private readonly client: HttpClient;
  private mintedHere = 0;

  constructor(
    private readonly settings: SinkSettings,
    private readonly ctx: PluginContext,
    private readonly now: () => number = Date.now,
  ) {
    ctx.secret(settings.clientSecret);
    ctx.secret(settings.refreshToken);
    this.fingerprint = createHash('sha256').update(`${settings.accountsUrl}\n${settings.clientId}\n${settings.refreshToken}`).digest('hex').slice(0, 24);
    let slot = slots.get(this.fingerprint);
    if (!slot) slots.set(this.fingerprint, (slot = { dead: new Set(), minted: 0 }));
    this.slot = slot;
    this.client = ctx.http({ baseUrl: settings.accountsUrl, platform: 'Zoho accounts', retries: 3, classify: (r) => this.classify(r) });
  }

  /** Access tokens this connection asked Zoho for. */
  get refreshCount(): number {
    return this.mintedHere;
  }

  current(): string | undefined {
    return this.token?.accessToken;
  }

  async apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void> {
    const token = await this.live();
    request.headers.Authorization = `Zoho-oauthtoken ${token.accessToken}`;
  }

  /** The API host of the token's data centre (the token answer's api_domain). */
  async apiDomain(): Promise<string> {
    return (await this.live()).apiDomain;
  }

  /** Zoho answered INVALID_TOKEN for `failedWith`: get another token, unless someone already has. */
  async refresh(failedWith: string | undefined): Promise<void> {
    if (failedWith !== undefined) this.slot.dead.add(failedWith);
    if (this.token && this.token.accessToken !== failedWith && this.fresh(this.token)) return;
    const shared = this.slot.token;
    if (shared && this.fresh(shared)) return void this.adopt(shared);
    let token = await this.singleFlight(() => this.mint());
    // Joined a flight that only loaded the stored token, the one that just failed: mint after all.
    if (this.slot.dead.has(token.accessToken)) token = await this.singleFlight(() => this.mint());
    this.adopt(token);
  }

  private async live(): Promise<AccessToken> {
    if (this.token && this.fresh(this.token)) return this.token;
    const shared = this.slot.token;
    if (shared && this.fresh(shared)) return this.adopt(shared);
    return this.adopt(await this.singleFlight(() => this.storedOrMinted()));
  }

  private singleFlight(fetch: () => Promise<AccessToken>): Promise<AccessToken> {
    this.slot.inFlight ??= fetch()
      .then((token) => {
        this.slot.token = token;
        return token;
      })
      .finally(() => {
        this.slot.inFlight = undefined;
      });
    return this.slot.inFlight;
  }

  /** A live token another run or process stored beats a new one: Zoho counts every token minted. */
  private async storedOrMinted(): Promise<AccessToken> {
    const stored = await this.ctx.state.getSecret(TOKEN_STATE_KEY);
    if (stored) {
      try {
        const token = JSON.parse(stored) as AccessToken & { fingerprint?: string };
        if (token.fingerprint === this.fingerprint && !this.slot.dead.has(token.accessToken) && this.fresh(token)) {
          this.ctx.secret(token.accessToken);
          return { accessToken: token.accessToken, apiDomain: token.apiDomain, issuedAt: token.issuedAt, expiresAt: token.expiresAt };
        }
      } catch {
        // Unreadable: mint a new one, which overwrites it.
      }
    }
    return this.mint();
  }

  private async mint(): Promise<AccessToken> {
    const refreshToken = (await this.ctx.state.getSecret(REFRESH_STATE_KEY)) ?? this.settings.refreshToken;
    this.ctx.secret(refreshToken);
    this.mintedHere++;
    this.slot.minted++;
    const form = { grant_type: 'refresh_token', client_id: this.settings.clientId, client_secret: this.settings.clientSecret, refresh_token: refreshToken };
    const response = await this.client.request({ method: 'POST', path: `${this.settings.accountsUrl}/oauth/v2/token`, form, noAuth: true });
    const body = response.json<Record<string, unknown>>();
    if (typeof body?.access_token !== 'string' || body.access_token === '') throw this.refused(response, body ?? {});
    this.ctx.secret(body.access_token);
    const issuedAt = this.now();
    const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    const apiDomain = typeof body.api_domain === 'string' && body.api_domain !== '' ? body.api_domain : 'https://www.zohoapis.com';
    const token: AccessToken = { accessToken: body.access_token, apiDomain: apiDomain.replace(/\/+$/, ''), issuedAt, expiresAt: issuedAt + seconds * 1000 };
    if (typeof body.refresh_token === 'string' && body.refresh_token !== '' && body.refresh_token !== refreshToken) {
      this.ctx.secret(body.refresh_token);
      await this.ctx.state.setSecret(REFRESH_STATE_KEY, body.refresh_token);
    }
    await this.ctx.state.setSecret(TOKEN_STATE_KEY, JSON.stringify({ ...token, fingerprint: this.fingerprint }));
    return token;
  }

  private adopt(token: AccessToken): AccessToken {
    if (this.token?.accessToken !== token.accessToken) this.ctx.secret(token.accessToken);
    this.token = token;
    return token;
  }

  /** Live, with a margin: a minute, or a tenth of the lifetime for short-lived tokens. */
  private fresh(token: AccessToken): boolean {
    const margin = Math.min(60_000, (token.expiresAt - token.issuedAt) / 10);
    return !this.slot.dead.has(token.accessToken) && this.now() < token.expiresAt - margin;
  }

  private classify(response: HttpResponse): { error: UpstreamError } | undefined {
    if (![400, 401, 403].includes(response.status)) return undefined;
    let body: Record<string, unknown> = {};
    try {
      body = response.json<Record<string, unknown>>() ?? {};
    } catch {
      // Not JSON: the status says enough.
    }
    return { error: this.refused(response, body) };
  }

  /**
   * Zoho answers a refused refresh with HTTP 200 and `{"error": ...}`: "Access Denied" when the
   * refresh token minted too many tokens (blocked for the rest of the 10 minutes), invalid_code
   * for an unknown or revoked refresh token, invalid_client for a wrong client id or secret.
   */
  private refused(response: HttpResponse, body: Record<string, unknown>): UpstreamError {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    if (/access denied/i.test(code)) {
      const retryAt = new Date(this.now() + TOKEN_WINDOW_MS).toISOString();
      return new UpstreamError(
        `Zoho accounts refused to mint another access token (${code}${description}): it allows 10 access tokens per refresh token in 10 minutes and blocks the rest of the window. ` +
          `Retry after ${retryAt} (at most 10 minutes from now); if this repeats, another process or app is minting tokens with the same refresh token`,
        { status: response.status, platformCode: code, code: 'AUTH_TOKEN_LIMIT', retryable: false },
      );
    }
    const which = code === 'invalid_client' ? 'the clientId or clientSecret' : 'the refreshToken (revoked, expired, or issued by another data centre: check accountsUrl)';
    return new UpstreamError(
      `Zoho accounts refused the OAuth credentials (${code}${description}; answered ${response.status} for ${response.request}): check ${which} and re-authorize if needed`,
      { status: response.status, platformCode: code, code: 'AUTH_REFRESH_FAILED', retryable: false },
    );
  }
}

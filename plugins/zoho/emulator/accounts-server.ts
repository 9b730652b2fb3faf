import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { ZohoEmulatorSettings } from './emulator-settings.js';

/** The OAuth client and refresh token the emulated account accepts, named as the sink's config fields. */
export interface ZohoCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accountsUrl: string;
}

interface IssuedToken {
  refreshToken: string;
  issuedAt: number;
  expiresAt: number;
}

/** Zoho's answer to a token request past the 10-minute limit: HTTP 200, "Access Denied". */
const ACCESS_DENIED = {
  error_description: 'You have made too many requests continuously. Please try again after some time.',
  error: 'Access Denied',
  status: 'failure',
};

/**
 * Zoho accounts as far as a server app sees it: `POST /oauth/v2/token` with grant_type=refresh_token
 * (parameters in the query or a form body) mints an access token, at most tokensPerWindow per
 * refresh token per tokenWindowMs, at most maxLiveTokens live at once (the oldest dies); refusals
 * come back with HTTP 200 and `{"error": ...}`. API calls authenticate with
 * `Authorization: Zoho-oauthtoken <token>`, else 401 INVALID_TOKEN.
 */
export class AccountsServer {
  private readonly issued = new Map<string, IssuedToken>();
  private readonly minted = new Map<string, number[]>();
  /** Token requests answered with a token, in all. */
  grants = 0;
  /** Token requests refused with Access Denied. */
  denied = 0;

  constructor(
    readonly credentials: ZohoCredentials,
    private readonly settings: ZohoEmulatorSettings,
    private readonly clock: { now(): number; token(): string; apiDomain(): string },
  ) {}

  grant(params: Record<string, unknown>): EmulatorResponse {
    const refused = (error: string): EmulatorResponse => ({ status: 200, json: { error } });
    if (params.grant_type !== 'refresh_token') return refused('unsupported_grant_type');
    if (params.client_id !== this.credentials.clientId || params.client_secret !== this.credentials.clientSecret) return refused('invalid_client');
    const refreshToken = params.refresh_token;
    if (refreshToken !== this.credentials.refreshToken) return refused('invalid_code');
    const now = this.clock.now();
    const recent = (this.minted.get(refreshToken) ?? []).filter((at) => at > now - this.settings.tokenWindowMs);
    this.minted.set(refreshToken, recent);
    if (recent.length >= this.settings.tokensPerWindow) {
      this.denied++;
      return { status: 200, json: ACCESS_DENIED, fault: 'token-limit' };
    }
    recent.push(now);
    const accessToken = `1000.${this.clock.token()}.${this.clock.token()}`;
    this.issued.set(accessToken, { refreshToken, issuedAt: now, expiresAt: now + this.settings.tokenTtlSeconds * 1000 });
    this.dropOldest(refreshToken);
    this.grants++;
    return {
      status: 200,
      json: { access_token: accessToken, scope: 'ZohoCRM.modules.ALL ZohoCRM.org.READ', api_domain: this.clock.apiDomain(), token_type: 'Bearer', expires_in: this.settings.tokenTtlSeconds },
    };
  }

  /** Undefined for a live token; else Zoho's 401. Counts down expireTokensAfterCalls. */
  authenticate(authorization: string | undefined): EmulatorResponse | undefined {
    const token = /^Zoho-oauthtoken (\S+)$/.exec(authorization ?? '')?.[1];
    const issued = token === undefined ? undefined : this.issued.get(token);
    const now = this.clock.now();
    this.countTowardsExpiry(now);
    if (!issued || now >= issued.expiresAt) {
      return { status: 401, json: { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' }, fault: issued ? 'token-expired' : undefined };
    }
    return undefined;
  }

  /** Every access token issued so far dies now. */
  expireAll(): { expired: number } {
    const now = this.clock.now();
    let expired = 0;
    for (const token of this.issued.values()) {
      if (token.expiresAt > now) expired++;
      token.expiresAt = Math.min(token.expiresAt, now);
    }
    return { expired };
  }

  /** Access tokens minted for a refresh token within the current token window. */
  mintedInWindow(refreshToken = this.credentials.refreshToken): number {
    const now = this.clock.now();
    return (this.minted.get(refreshToken) ?? []).filter((at) => at > now - this.settings.tokenWindowMs).length;
  }

  /** Every access token issued so far (for tests looking for leaks). */
  issuedTokens(): string[] {
    return [...this.issued.keys()];
  }

  private countTowardsExpiry(now: number): void {
    const left = this.settings.expireTokensAfterCalls;
    if (left === undefined) return;
    if (left > 0) {
      this.settings.expireTokensAfterCalls = left - 1;
      return;
    }
    delete this.settings.expireTokensAfterCalls;
    for (const token of this.issued.values()) token.expiresAt = Math.min(token.expiresAt, now);
  }

  private dropOldest(refreshToken: string): void {
    const mine = [...this.issued.entries()].filter(([, t]) => t.refreshToken === refreshToken);
    for (const [token] of mine.slice(0, Math.max(0, mine.length - this.settings.maxLiveTokens))) this.issued.delete(token);
  }
}

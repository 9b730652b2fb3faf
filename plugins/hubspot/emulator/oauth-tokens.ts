import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { HubSpotEmulatorSettings } from './emulator-settings.js';

/** The credentials the emulated account accepts, printed by `datong emulate hubspot`. */
export type HubSpotCredentials = {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  portalId: string;
};

interface Issued {
  issuedAt: number;
  expiresAt: number;
}

/**
 * Bearer authentication as HubSpot does it: a private-app token that does not expire, and OAuth
 * access tokens issued by `POST /oauth/v1/token` that expire after `tokenTtlSeconds` (or when the
 * kit's `tokenExpiresAt` fault says so).
 */
export class OAuthTokens {
  private readonly issued = new Map<string, Issued>();
  private readonly refreshTokens = new Set<string>();
  private counter = 0;
  /** How many refresh grants were answered with a token. */
  refreshCount = 0;

  constructor(
    readonly credentials: HubSpotCredentials,
    private readonly settings: HubSpotEmulatorSettings,
    private readonly clock: { now(): number; tokenExpired(issuedAtMs: number): boolean; token(): string; correlationId(): string },
  ) {
    this.refreshTokens.add(credentials.refreshToken);
  }

  /** Undefined when the Authorization header carries a live token; else HubSpot's 401. */
  authenticate(authorization: string | undefined): EmulatorResponse | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    if (token !== undefined && token === this.credentials.accessToken) return undefined;
    const issued = token === undefined ? undefined : this.issued.get(token);
    if (!issued) {
      return this.unauthorized(
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    }
    const now = this.clock.now();
    this.countTowardsExpiry(now);
    if (now >= issued.expiresAt || this.clock.tokenExpired(issued.issuedAt)) {
      const minutes = Math.max(0, Math.floor((now - Math.min(issued.expiresAt, now)) / 60_000));
      return this.unauthorized('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${minutes} minute(s) ago.`);
    }
    return undefined;
  }

  /** `POST /oauth/v1/token` with a form body. */
  grant(form: Record<string, unknown>): EmulatorResponse {
    const bad = (status: string, message: string): EmulatorResponse => ({ status: 400, json: { status, message, correlationId: this.clock.correlationId() } });
    if (form.grant_type !== 'refresh_token') return bad('BAD_GRANT_TYPE', 'grant_type must be refresh_token (authorization_code is not emulated)');
    if (form.client_id !== this.credentials.clientId) return bad('BAD_CLIENT_ID', 'missing or unknown client id');
    if (form.client_secret !== this.credentials.clientSecret) return bad('BAD_CLIENT_SECRET', 'missing or invalid client secret');
    const refreshToken = typeof form.refresh_token === 'string' ? form.refresh_token : '';
    if (!this.refreshTokens.has(refreshToken)) return bad('BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
    let next = refreshToken;
    if (this.settings.rotateRefreshTokens) {
      this.refreshTokens.delete(refreshToken);
      next = `na1-${this.clock.token()}`;
      this.refreshTokens.add(next);
    }
    const now = this.clock.now();
    const accessToken = `CK${++this.counter}-${this.clock.token()}`;
    this.issued.set(accessToken, { issuedAt: now, expiresAt: now + this.settings.tokenTtlSeconds * 1000 });
    this.refreshCount++;
    return { status: 200, json: { token_type: 'bearer', refresh_token: next, access_token: accessToken, expires_in: this.settings.tokenTtlSeconds } };
  }

  private countTowardsExpiry(now: number): void {
    const left = this.settings.expireTokensAfterCalls;
    if (left === undefined) return;
    if (left > 0) {
      this.settings.expireTokensAfterCalls = left - 1;
      return;
    }
    for (const issued of this.issued.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
    delete this.settings.expireTokensAfterCalls;
  }

  /** Every OAuth access token issued so far (for tests that look for leaks). */
  issuedTokens(): string[] {
    return [...this.issued.keys()];
  }

  /** The refresh tokens the account accepts now (a rotated-out one is gone). */
  validRefreshTokens(): string[] {
    return [...this.refreshTokens];
  }

  private unauthorized(category: string, message: string): EmulatorResponse {
    return { status: 401, json: { status: 'error', message, correlationId: this.clock.correlationId(), category } };
  }
}

import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { XiaoshouyiEmulatorSettings } from './emulator-settings.js';

/** What the emulated tenant accepts; keys are the sink's config field names (datong emulate turns them into XIAOSHOUYI_* variables). */
export type XiaoshouyiCredentials = {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
  securityToken: string;
};

interface Issued {
  issuedAt: number;
  expiresAt: number;
}

/**
 * `POST /oauth2/token.action` as Xiaoshouyi documents it: a form with grant_type password
 * (username, and password = the user's password with the 8-character security token appended) or
 * refresh_token, plus client_id, client_secret and redirect_uri; it answers access_token (2 h),
 * refresh_token (2 months), token_type "Bearer" and the user's id. Refusals are OAuth2's
 * `{error, error_description}` with HTTP 400/401 (UNCONFIRMED shape).
 */
export class TokenService {
  private readonly access = new Map<string, Issued>();
  private readonly refresh = new Map<string, number>();
  private counter = 0;
  readonly grants = { password: 0, refresh_token: 0 };

  constructor(
    readonly credentials: XiaoshouyiCredentials,
    private readonly settings: XiaoshouyiEmulatorSettings,
    private readonly clock: { now(): number; tokenExpired(issuedAt: number): boolean; hex(n: number): string },
    readonly userId: number,
  ) {}

  grant(form: Record<string, unknown>): EmulatorResponse {
    const c = this.credentials;
    if (form.client_id !== c.clientId || form.client_secret !== c.clientSecret) return refused(401, 'invalid_client', 'client_id or client_secret is wrong');
    if (form.redirect_uri !== c.redirectUri) return refused(400, 'redirect_uri_mismatch', 'redirect_uri does not match the connector');
    const now = this.clock.now();
    if (form.grant_type === 'password') {
      if (form.username !== c.username) return refused(400, 'invalid_grant', 'unknown user or wrong password');
      if (form.password === c.password) return refused(400, 'invalid_grant', 'the password needs the security token appended');
      if (form.password !== c.password + c.securityToken) return refused(400, 'invalid_grant', 'unknown user or wrong password');
      this.grants.password++;
      return this.issue(now, undefined);
    }
    if (form.grant_type === 'refresh_token') {
      const token = typeof form.refresh_token === 'string' ? form.refresh_token : '';
      const expiresAt = this.refresh.get(token);
      if (expiresAt === undefined || now >= expiresAt) return refused(400, 'invalid_grant', 'refresh_token is invalid or expired');
      this.grants.refresh_token++;
      if (this.settings.rotateRefreshTokens) this.refresh.delete(token);
      return this.issue(now, this.settings.rotateRefreshTokens ? undefined : token);
    }
    return refused(400, 'unsupported_grant_type', 'grant_type must be password, refresh_token or authorization_code');
  }

  /** Undefined when the Authorization header carries a live token; else the expired/invalid answer. */
  authenticate(authorization: string | undefined): EmulatorResponse | undefined {
    const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    const issued = token === undefined ? undefined : this.access.get(token);
    if (!issued) return this.deadToken('invalid access_token', undefined);
    const now = this.clock.now();
    this.countTowardsExpiry(now);
    if (now >= issued.expiresAt || this.clock.tokenExpired(issued.issuedAt)) return this.deadToken('access_token expired', 'token-expired');
    return undefined;
  }

  /** Kills every access token issued so far (the expire-tokens control). */
  expireAll(): void {
    const now = this.clock.now();
    for (const issued of this.access.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
  }

  /** Refuses every refresh token issued so far (the revoke-refresh-tokens control): the next refresh falls back to the password. */
  revokeRefreshTokens(): void {
    this.refresh.clear();
  }

  issuedAccessTokens(): string[] {
    return [...this.access.keys()];
  }

  validRefreshTokens(): string[] {
    return [...this.refresh.keys()];
  }

  private issue(now: number, keepRefresh: string | undefined): EmulatorResponse {
    const accessToken = `${++this.counter}${this.clock.hex(31)}`;
    this.access.set(accessToken, { issuedAt: now, expiresAt: now + this.settings.tokenLifetimeSeconds * 1000 });
    const refreshToken = keepRefresh ?? this.clock.hex(32);
    if (keepRefresh === undefined) this.refresh.set(refreshToken, now + this.settings.refreshTokenLifetimeSeconds * 1000);
    const json: Record<string, unknown> = { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', id: this.userId };
    if (this.settings.includeExpiresIn) json.expires_in = this.settings.tokenLifetimeSeconds;
    return { status: 200, json };
  }

  private countTowardsExpiry(now: number): void {
    const left = this.settings.expireTokensAfterCalls;
    if (left === undefined) return;
    if (left > 0) {
      this.settings.expireTokensAfterCalls = left - 1;
      return;
    }
    delete this.settings.expireTokensAfterCalls;
    for (const issued of this.access.values()) issued.expiresAt = Math.min(issued.expiresAt, now);
  }

  private deadToken(msg: string, fault: string | undefined): EmulatorResponse {
    const json = { code: this.settings.expiredTokenCode, msg };
    return { status: this.settings.expiredTokenStyle === 'http-401' ? 401 : 200, json, ...(fault ? { fault } : {}) };
  }
}

function refused(status: number, error: string, description: string): EmulatorResponse {
  return { status, json: { error, error_description: description } };
}

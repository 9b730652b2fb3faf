import { createHmac } from 'node:crypto';
import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { SalesforceEmulatorSettings } from './emulator-settings.js';

/** What the emulated org accepts, named as the sink's config fields are (`datong emulate --write-env` makes SALESFORCE_CLIENT_ID etc. of them). */
export type SalesforceCredentials = {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  loginUrl: string;
  accessToken: string;
  instanceUrl: string;
};

interface Session {
  issuedAt: number;
  lastUsed: number;
  dead: boolean;
}

/**
 * OAuth as Salesforce's token endpoint does it: `POST /services/oauth2/token` with
 * grant_type=refresh_token answers `{access_token, signature, instance_url, id, token_type,
 * issued_at}` with no `expires_in`; a session dies after `sessionTimeoutSeconds` without use (or
 * when a test kills it), and a call with a dead one is answered 401 INVALID_SESSION_ID.
 */
export class SessionTokens {
  private readonly sessions = new Map<string, Session>();
  private readonly refreshTokens = new Set<string>();
  /** How many refresh grants were answered with a session. */
  refreshCount = 0;

  constructor(
    readonly credentials: SalesforceCredentials,
    private readonly settings: SalesforceEmulatorSettings,
    private readonly clock: { now(): number; tokenExpired(issuedAt: number): boolean; random(): string; orgId: string; userId: string },
  ) {
    this.refreshTokens.add(credentials.refreshToken);
    const now = clock.now();
    this.sessions.set(credentials.accessToken, { issuedAt: now, lastUsed: now, dead: false });
  }

  /** Undefined when the bearer token is a live session; else Salesforce's 401. */
  authenticate(authorization: string | undefined): EmulatorResponse | undefined {
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    const session = token === undefined ? undefined : this.sessions.get(token);
    const now = this.clock.now();
    this.countTowardsExpiry();
    if (!session || session.dead || now - session.lastUsed > this.settings.sessionTimeoutSeconds * 1000 || this.clock.tokenExpired(session.issuedAt)) {
      return { status: 401, fault: session ? 'token-expired' : undefined, json: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] };
    }
    session.lastUsed = now;
    return undefined;
  }

  /** `POST /services/oauth2/token`, form-encoded. */
  grant(form: Record<string, unknown>): EmulatorResponse {
    const bad = (error: string, description: string): EmulatorResponse => ({ status: 400, json: { error, error_description: description } });
    if (form.grant_type !== 'refresh_token') return bad('unsupported_grant_type', 'grant type not supported');
    if (form.client_id !== this.credentials.clientId) return bad('invalid_client_id', 'client identifier invalid');
    if (form.client_secret !== this.credentials.clientSecret) return bad('invalid_client', 'invalid client credentials');
    const refreshToken = typeof form.refresh_token === 'string' ? form.refresh_token : '';
    if (!this.refreshTokens.has(refreshToken)) return bad('invalid_grant', 'expired access/refresh token');
    const now = this.clock.now();
    const accessToken = `${this.clock.orgId}!AQ${this.clock.random()}`;
    this.sessions.set(accessToken, { issuedAt: now, lastUsed: now, dead: false });
    this.refreshCount++;
    const id = `${this.credentials.loginUrl}/id/${this.clock.orgId}/${this.clock.userId}`;
    const issuedAt = String(now);
    const answer: Record<string, unknown> = {
      access_token: accessToken,
      signature: tokenSignature(id, issuedAt, this.credentials.clientSecret),
      scope: 'api refresh_token',
      instance_url: this.credentials.instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (this.settings.rotateRefreshTokens) {
      this.refreshTokens.delete(refreshToken);
      const next = `5Aep861${this.clock.random()}`;
      this.refreshTokens.add(next);
      answer.refresh_token = next;
    }
    return { status: 200, json: answer };
  }

  /** Every session issued so far dies now (the `expire-sessions` control). */
  expireAll(): void {
    for (const session of this.sessions.values()) session.dead = true;
  }

  /** The refresh tokens the org accepts now (a rotated-out one is gone). */
  validRefreshTokens(): string[] {
    return [...this.refreshTokens];
  }

  private countTowardsExpiry(): void {
    const left = this.settings.expireTokensAfterCalls;
    if (left === undefined) return;
    if (left > 0) {
      this.settings.expireTokensAfterCalls = left - 1;
      return;
    }
    delete this.settings.expireTokensAfterCalls;
    this.expireAll();
  }
}

/**
 * The token answer's `signature`: Base64 of HMAC-SHA256 over the identity URL (`id`) followed by
 * `issued_at`, keyed with the client secret (Salesforce's OAuth refresh-token flow documentation).
 */
export function tokenSignature(id: string, issuedAt: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(`${id}${issuedAt}`).digest('base64');
}

import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';

/** Shopify's answer to a missing, unknown or expired access token (HTTP 401). */
export const INVALID_TOKEN_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

interface IssuedToken {
  issuedAt: number;
  expiresAt: number;
}

interface RefreshToken {
  /** The refresh token this one replaced: valid until this one is first used. */
  predecessor?: string;
  revoked: boolean;
}

/**
 * The app's tokens on the emulated shop: access tokens that expire after `ttlSeconds` (and when
 * the kit's tokenExpiresAt fault says so), and the refresh_token grant of expiring offline tokens:
 * each refresh issues a new access token and a new refresh token; the refresh token used stays
 * valid until its replacement is first used (shopify.dev changelog, "More resilient refreshes").
 */
export class OAuthTokens {
  private readonly access = new Map<string, IssuedToken>();
  private readonly refresh = new Map<string, RefreshToken>();
  /** Successful refresh_token grants served. */
  refreshCount = 0;

  constructor(
    private readonly kit: EmulatorKit,
    readonly clientId: string,
    readonly clientSecret: string,
    private readonly ttlSeconds: number,
  ) {}

  /** The tokens an installed app starts with. */
  install(): { accessToken: string; refreshToken: string } {
    const refreshToken = this.token('shprt_');
    this.refresh.set(refreshToken, { revoked: false });
    return { accessToken: this.issueAccess(), refreshToken };
  }

  /** Every access and refresh token issued so far (tests look for them in logs). */
  issued(): string[] {
    return [...this.access.keys(), ...this.refresh.keys()];
  }

  /** Whether `token` opens the Admin API now. */
  valid(token: string | undefined): boolean {
    const issued = token === undefined ? undefined : this.access.get(token);
    if (!issued) return false;
    return this.kit.now() < issued.expiresAt && !this.kit.tokenExpired(issued.issuedAt);
  }

  /** POST /admin/oauth/access_token with grant_type=refresh_token, as a form or a JSON body. */
  handle(req: EmulatorRequest): EmulatorResponse {
    const body = { ...Object.fromEntries(req.query), ...((req.body ?? {}) as Record<string, unknown>) };
    const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : undefined);
    if (text('client_id') !== this.clientId || text('client_secret') !== this.clientSecret) {
      return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.' } };
    }
    if (text('grant_type') !== 'refresh_token') {
      return { status: 400, json: { error: 'unsupported_grant_type', error_description: 'This emulator serves the refresh_token grant only.' } };
    }
    const used = text('refresh_token');
    const entry = used === undefined ? undefined : this.refresh.get(used);
    if (!used || !entry || entry.revoked) {
      return { status: 400, json: { error: 'invalid_grant', error_description: 'The refresh token is invalid, expired or revoked.' } };
    }
    // The replacement is in use now: its predecessor retires.
    if (entry.predecessor) this.refresh.get(entry.predecessor)!.revoked = true;
    const next = this.token('shprt_');
    this.refresh.set(next, { predecessor: used, revoked: false });
    this.refreshCount += 1;
    return {
      json: { access_token: this.issueAccess(), scope: 'read_customers,read_orders,read_all_orders', expires_in: this.ttlSeconds, refresh_token: next },
    };
  }

  private issueAccess(): string {
    const token = this.token('shpat_');
    const issuedAt = this.kit.now();
    this.access.set(token, { issuedAt, expiresAt: issuedAt + this.ttlSeconds * 1000 });
    return token;
  }

  private token(prefix: string): string {
    let hex = '';
    for (let i = 0; i < 32; i++) hex += this.kit.random.int(0, 15).toString(16);
    return `${prefix}${hex}`;
  }
}

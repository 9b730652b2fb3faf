import { randomBytes } from 'node:crypto';
import type { EmulatorKit } from '@datong/sdk/emulator';

/** What the token check found. */
export type TokenVerdict = 'ok' | 'unknown' | 'expired';

/**
 * The mall's access and refresh tokens. Tokens expire after `ttlSeconds` or at the kit's
 * tokenExpiresAt fault; pdd.pop.auth.token.refresh issues a new access token and, when
 * `rotate` is on (UNCONFIRMED for PDD; on by default), a new refresh token that replaces the old.
 */
export class AuthTokens {
  private readonly issued = new Map<string, number>();
  private refreshToken: string;
  private refreshes = 0;

  constructor(
    private readonly kit: EmulatorKit,
    private readonly ttlSeconds: number,
    private readonly rotate: boolean,
    readonly ownerId: number,
  ) {
    this.refreshToken = token('rt');
  }

  get refreshCount(): number {
    return this.refreshes;
  }

  get currentRefreshToken(): string {
    return this.refreshToken;
  }

  /** Issues an access token now. */
  issue(): string {
    const value = token('at');
    this.issued.set(value, this.kit.now());
    return value;
  }

  check(value: string): TokenVerdict {
    const at = this.issued.get(value);
    if (at === undefined) return 'unknown';
    if (this.kit.now() >= at + this.ttlSeconds * 1000 || this.kit.tokenExpired(at)) return 'expired';
    return 'ok';
  }

  /** The refresh grant: a new access token (the old ones stay valid until they expire), or undefined for a refresh token it does not hold. */
  refresh(presented: string): Record<string, unknown> | undefined {
    if (presented !== this.refreshToken) return undefined;
    this.refreshes++;
    const accessToken = this.issue();
    if (this.rotate) this.refreshToken = token('rt');
    const now = Math.floor(this.kit.now() / 1000);
    return {
      access_token: accessToken,
      expires_at: now + this.ttlSeconds,
      expires_in: this.ttlSeconds,
      refresh_token: this.refreshToken,
      refresh_token_expires_at: now + 30 * 86_400,
      refresh_token_expires_in: 30 * 86_400,
      owner_id: String(this.ownerId),
      owner_name: '大通演示拼多多店',
      scope: ['pdd.order.number.list.increment.get', 'pdd.refund.list.increment.get'],
    };
  }
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

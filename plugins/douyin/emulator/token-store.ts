import { randomUUID } from 'node:crypto';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  issuedAt: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** Set when a later refresh retired this pair: it stays usable until then. */
  retiredAt?: number;
}

export interface TokenRules {
  /** Access token lifetime, s (7 days on the jinritemai platform). */
  accessTtlSeconds: number;
  /** Refresh token lifetime, s (14 days). */
  refreshTtlSeconds: number;
  /** A refresh earlier than this before expiry returns the same tokens; within it, new ones (1 h). */
  refreshWindowSeconds: number;
  /** How long a pair replaced inside that window stays valid (1 h). */
  graceSeconds: number;
}

/**
 * The shop's tokens under the documented refresh rules: more than an hour before the access token
 * expires a refresh returns the same pair; in the last hour it returns a new pair and the old one
 * stays valid for an hour more; after expiry it returns a new pair and the old one is dead.
 * (Documented for the 精选联盟 app of the same platform; for 抖店 UNCONFIRMED.)
 */
export class TokenStore {
  private readonly byAccess = new Map<string, TokenPair>();
  private readonly byRefresh = new Map<string, TokenPair>();
  refreshes = 0;

  constructor(
    private readonly rules: TokenRules,
    private readonly now: () => number,
  ) {}

  issue(): TokenPair {
    const at = this.now();
    const pair: TokenPair = {
      accessToken: `emu-at-${randomUUID()}`,
      refreshToken: `emu-rt-${randomUUID()}`,
      issuedAt: at,
      accessExpiresAt: at + this.rules.accessTtlSeconds * 1000,
      refreshExpiresAt: at + this.rules.refreshTtlSeconds * 1000,
    };
    this.byAccess.set(pair.accessToken, pair);
    this.byRefresh.set(pair.refreshToken, pair);
    return pair;
  }

  /** 'ok', 'unknown' or 'expired' for an access token, at the emulator's clock. */
  check(accessToken: string): { state: 'ok'; pair: TokenPair } | { state: 'unknown' } | { state: 'expired'; pair: TokenPair } {
    const pair = this.byAccess.get(accessToken);
    if (!pair) return { state: 'unknown' };
    const at = this.now();
    if (at >= pair.accessExpiresAt || (pair.retiredAt !== undefined && at >= pair.retiredAt)) return { state: 'expired', pair };
    return { state: 'ok', pair };
  }

  /** The pair a refresh token belongs to, if any. */
  refreshCandidate(refreshToken: string): TokenPair | undefined {
    return this.byRefresh.get(refreshToken);
  }

  /** token.refresh: the pair to answer with, or undefined when the refresh token is unknown or dead. */
  refresh(refreshToken: string, forceExpired: boolean): TokenPair | undefined {
    const pair = this.byRefresh.get(refreshToken);
    const at = this.now();
    if (!pair || at >= pair.refreshExpiresAt || (pair.retiredAt !== undefined && at >= pair.retiredAt)) return undefined;
    this.refreshes++;
    const expired = forceExpired || at >= pair.accessExpiresAt;
    if (!expired && at < pair.accessExpiresAt - this.rules.refreshWindowSeconds * 1000) return pair;
    const next = this.issue();
    // In the last hour the old pair lives on for the grace period; after expiry it dies now.
    pair.retiredAt = expired ? at : Math.min(pair.accessExpiresAt, at + this.rules.graceSeconds * 1000);
    return next;
  }
}

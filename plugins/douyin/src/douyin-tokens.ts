import { UpstreamError, type PluginContext } from '@datong/sdk';
import type { ResolvedDouyinConfig } from './douyin-config.js';

/** token.create / token.refresh's `data`. */
export interface TokenData {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  shop_id?: string | number;
}

/** Where the rotated refresh token is kept (encrypted, via ctx.state.setSecret). */
export const REFRESH_TOKEN_KEY = 'douyin.refresh_token';

/** Refresh this long before a known expiry. */
const LEEWAY_MS = 60_000;

/**
 * The shop's access token and how to get a new one: token.refresh with the (possibly rotated)
 * refresh token, else token.create with grant_type authorization_self for a self-use app's shop.
 * Single-flight; every token is handed to ctx.secret(); a rotated refresh token is stored.
 * Douyin's rules (7-day access, 14-day refresh; a refresh more than an hour before expiry returns
 * the same tokens) need nothing more here: whatever the platform answers becomes current.
 */
export class DouyinTokens {
  private accessToken: string | undefined;
  private expiresAt: number | undefined;
  private refreshToken: string | undefined;
  private inFlight: Promise<void> | undefined;
  private loaded: Promise<void> | undefined;
  /** How many times a token was asked for. */
  refreshes = 0;

  constructor(
    private readonly config: ResolvedDouyinConfig,
    private readonly ctx: PluginContext,
    /** A signed call without access_token (the token APIs take none). */
    private readonly callUnauthenticated: (method: string, params: Record<string, unknown>) => Promise<unknown>,
  ) {
    this.accessToken = config.accessToken;
    this.refreshToken = config.refreshToken;
    for (const secret of [config.accessToken, config.refreshToken]) if (secret) ctx.secret(secret);
  }

  current(): string | undefined {
    return this.accessToken;
  }

  /** Whether a refused token can be replaced at all. */
  get canRefresh(): boolean {
    return this.refreshToken !== undefined || this.config.shopId !== undefined;
  }

  /** The token to send now: fetched first when there is none or it is about to expire. */
  async token(): Promise<string> {
    if (this.accessToken === undefined || (this.expiresAt !== undefined && Date.now() >= this.expiresAt - LEEWAY_MS)) {
      await this.refresh(this.accessToken);
    }
    return this.accessToken as string;
  }

  refresh(failedWith: string | undefined): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.accessToken !== undefined && this.accessToken !== failedWith) return Promise.resolve();
    this.inFlight = this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetch(): Promise<void> {
    await this.loadStored();
    this.refreshes++;
    let data: TokenData;
    const grant = this.refreshToken !== undefined ? 'refresh_token' : 'authorization_self';
    try {
      data = (grant === 'refresh_token'
        ? await this.callUnauthenticated('token.refresh', { grant_type: 'refresh_token', refresh_token: this.refreshToken })
        : await this.callUnauthenticated('token.create', { code: '', grant_type: 'authorization_self', shop_id: this.config.shopId })) as TokenData;
    } catch (error) {
      if (error instanceof UpstreamError && error.retryable) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new UpstreamError(`douyin refused the ${grant === 'refresh_token' ? 'refresh token' : 'self-use token grant'} (${why}): re-authorize the app and put the new token in the config`, {
        code: 'AUTH_REFRESH_FAILED',
        platformCode: error instanceof UpstreamError ? error.platformCode : undefined,
        retryable: false,
        cause: error,
      });
    }
    if (typeof data?.access_token !== 'string' || data.access_token === '') {
      throw new UpstreamError('douyin answered the token request without an access_token: re-authorize the app', { code: 'AUTH_REFRESH_FAILED', retryable: false });
    }
    this.ctx.secret(data.access_token);
    this.accessToken = data.access_token;
    this.expiresAt = typeof data.expires_in === 'number' ? Date.now() + data.expires_in * 1000 : undefined;
    if (typeof data.refresh_token === 'string' && data.refresh_token !== '' && data.refresh_token !== this.refreshToken) {
      this.ctx.secret(data.refresh_token);
      this.refreshToken = data.refresh_token;
      // The old one dies an hour after a late refresh: lose the new one and the next run cannot start.
      await this.ctx.state.setSecret(REFRESH_TOKEN_KEY, data.refresh_token);
    }
  }

  /** A rotated refresh token from an earlier run beats the config's, which may be dead by now. */
  private loadStored(): Promise<void> {
    this.loaded ??= this.ctx.state.getSecret(REFRESH_TOKEN_KEY).then((stored) => {
      if (stored) {
        this.ctx.secret(stored);
        this.refreshToken = stored;
      }
    });
    return this.loaded;
  }
}

import { OAuth2Refresh, type PluginContext } from '@datong/sdk';
import type { ResolvedJdConfig } from './jd-config.js';

/** Where the signer gets the seller's access token, and how a dead one is replaced. */
export interface AccessTokens {
  token(): Promise<string>;
  /** Present only when the config has a refresh token. */
  refresh?(failedWith: string | undefined): Promise<void>;
}

/**
 * The config's access token, refreshed through JD's refresh grant when a refresh token is given
 * (`<oauthUrl>/oauth2/refresh_token` with app_key, app_secret, grant_type, refresh_token; the query
 * parameter names are UNCONFIRMED, so both the OAuth2 and the JD names are sent). JD keeps the
 * token's value and extends it; a rotated refresh token is still kept with ctx.state.setSecret.
 */
export function accessTokens(config: ResolvedJdConfig, ctx: PluginContext): AccessTokens {
  if (!config.refreshToken) return { token: async () => config.accessToken };
  const grant = new OAuth2Refresh(
    {
      tokenUrl: `${config.oauthUrl}/oauth2/refresh_token`,
      clientId: config.appKey,
      clientSecret: config.appSecret,
      extraParams: { app_key: config.appKey, app_secret: config.appSecret },
      refreshToken: config.refreshToken,
      accessToken: config.accessToken,
      stateKey: 'jd.refresh_token',
      platform: 'jd oauth',
      // The token is signed into the query by the JOS signer, never sent as a header.
      header: () => ({}),
    },
    ctx,
  );
  return {
    token: async () => {
      await grant.apply({ headers: {}, query: {} });
      return grant.current() ?? config.accessToken;
    },
    refresh: (failedWith) => grant.refresh(failedWith),
  };
}

import { OAuth2Refresh, type PluginContext } from '@datong/sdk';
import type { ResolvedTaobaoConfig } from './taobao-config.js';

/** Where the seller's session (TOP's access token) comes from: fixed, or renewed by refresh token. */
export interface TopSession {
  /** The session to sign with now; refreshes first when there is none yet. */
  token(): Promise<string>;
  current(): string | undefined;
  /** Renews the session after `failedWith` was refused (single-flight); absent for a fixed one. */
  refresh?(failedWith: string | undefined): Promise<void>;
}

/**
 * The session from the config, renewed through `<oauthBaseUrl>/token` (grant_type=refresh_token,
 * client_id = appKey, client_secret = appSecret) when a refresh token is given. The SDK's
 * OAuth2Refresh keeps the rotated refresh token encrypted in ctx.state.
 */
export function topSession(config: ResolvedTaobaoConfig, ctx: PluginContext): TopSession {
  if (!config.refreshToken) {
    const session = config.session ?? '';
    return { token: async () => session, current: () => session };
  }
  const oauth = new OAuth2Refresh(
    {
      tokenUrl: `${config.oauthBaseUrl}/token`,
      clientId: config.appKey,
      clientSecret: config.appSecret,
      refreshToken: config.refreshToken,
      accessToken: config.session,
      stateKey: 'taobao.refresh_token',
      platform: 'taobao oauth',
      // TOP takes the session as a signed parameter, not a header: the signer puts it there.
      header: () => ({}),
    },
    ctx,
  );
  return {
    async token() {
      await oauth.apply({ headers: {}, query: {} });
      return oauth.current() ?? '';
    },
    current: () => oauth.current(),
    refresh: (failedWith) => oauth.refresh(failedWith),
  };
}

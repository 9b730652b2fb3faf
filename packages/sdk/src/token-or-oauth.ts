import { ConfigError } from './errors.js';

/** How a sink authenticates: a static access token, or an OAuth refresh token with its app. */
export type TokenOrOAuth =
  | { kind: 'token'; accessToken: string }
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string };

/**
 * Decides what a config's JSON Schema cannot say on its own: exactly one way to authenticate, an
 * `accessToken` or all three of `clientId`, `clientSecret` and `refreshToken`, with a ConfigError
 * naming the field otherwise. `token` is how messages name the token alternative
 * ("accessToken (a private-app token)").
 */
export function tokenOrOAuth(
  config: { accessToken?: string; clientId?: string; clientSecret?: string; refreshToken?: string },
  token = 'accessToken',
): TokenOrOAuth {
  const oauth = [config.clientId, config.clientSecret, config.refreshToken];
  const given = oauth.filter((v) => v !== undefined).length;
  if (config.accessToken !== undefined && given > 0) {
    throw problem(`give either ${token} or the OAuth clientId, clientSecret and refreshToken, not both`, '/accessToken');
  }
  if (config.accessToken !== undefined) return { kind: 'token', accessToken: config.accessToken };
  if (given === 3) return { kind: 'oauth', clientId: config.clientId!, clientSecret: config.clientSecret!, refreshToken: config.refreshToken! };
  if (given > 0) {
    const missing = ['clientId', 'clientSecret', 'refreshToken'].filter((_, i) => oauth[i] === undefined);
    throw problem(`OAuth needs clientId, clientSecret and refreshToken; ${missing.join(' and ')} missing`, `/${missing[0]}`);
  }
  throw problem(`no credentials: give ${token} or the OAuth clientId, clientSecret and refreshToken`, '');
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

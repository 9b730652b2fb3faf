import { ConfigError } from '@datong/sdk';
import type { HubspotSinkConfig } from './generated/sink-config.js';

/** The config with its defaults filled in and its one-of (token or OAuth) decided. */
export interface SinkSettings {
  baseUrl: string;
  idProperty: string;
  portalId?: string;
  burstPer10s: number;
  dailyLimit: number;
  concurrency: number;
  credentials: { kind: 'token'; accessToken: string } | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string };
}

/**
 * Reads the config the engine validated against the schema, and decides what the schema cannot
 * say: exactly one way to authenticate.
 */
export function sinkSettings(config: HubspotSinkConfig): SinkSettings {
  const oauth = [config.clientId, config.clientSecret, config.refreshToken];
  const oauthGiven = oauth.filter((v) => v !== undefined).length;
  let credentials: SinkSettings['credentials'];
  if (config.accessToken !== undefined && oauthGiven > 0) {
    throw problem('give either accessToken (a private-app token) or the OAuth clientId, clientSecret and refreshToken, not both', '/accessToken');
  } else if (config.accessToken !== undefined) {
    credentials = { kind: 'token', accessToken: config.accessToken };
  } else if (oauthGiven === 3) {
    credentials = { kind: 'oauth', clientId: config.clientId!, clientSecret: config.clientSecret!, refreshToken: config.refreshToken! };
  } else if (oauthGiven > 0) {
    const missing = ['clientId', 'clientSecret', 'refreshToken'].filter((_, i) => oauth[i] === undefined);
    throw problem(`OAuth needs clientId, clientSecret and refreshToken; ${missing.join(' and ')} missing`, `/${missing[0]}`);
  } else {
    throw problem('no credentials: give accessToken (a private-app token) or the OAuth clientId, clientSecret and refreshToken', '');
  }
  const baseUrl = (config.baseUrl ?? 'https://api.hubapi.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw problem(`baseUrl ${baseUrl} is not an http(s) URL`, '/baseUrl');
  return {
    baseUrl,
    idProperty: config.idProperty ?? 'datong_key',
    portalId: config.portalId,
    burstPer10s: config.burstPer10s ?? 100,
    dailyLimit: config.dailyLimit ?? 250_000,
    concurrency: config.concurrency ?? 3,
    credentials,
  };
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

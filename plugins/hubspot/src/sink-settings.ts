import { ConfigError, tokenOrOAuth, type TokenOrOAuth } from '@datong/sdk';
import type { HubspotSinkConfig } from './generated/sink-config.js';

/** The config with its defaults filled in and its one-of (token or OAuth) decided. */
export interface SinkSettings {
  baseUrl: string;
  idProperty: string;
  portalId?: string;
  burstPer10s: number;
  dailyLimit: number;
  concurrency: number;
  credentials: TokenOrOAuth;
}

/**
 * Reads the config the engine validated against the schema, and decides what the schema cannot
 * say: exactly one way to authenticate.
 */
export function sinkSettings(config: HubspotSinkConfig): SinkSettings {
  const credentials = tokenOrOAuth(config, 'accessToken (a private-app token)');
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

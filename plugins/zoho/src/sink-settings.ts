import { ConfigError } from '@datong/sdk';
import type { ZohoConfig } from './generated/config.js';

/** The config with its defaults filled in (the defaults the config schema documents). */
export interface SinkSettings {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accountsUrl: string;
  /** Overrides the api_domain of the token answer when set. */
  baseUrl: string | undefined;
  apiVersion: string;
  keyField: string;
  requestsPerWindow: number;
  rateWindowMs: number;
  concurrency: number;
}

/**
 * Reads the config the engine validated against the schema, and checks again what a caller that
 * skipped the schema (a test, a script) could get wrong, naming the field.
 */
export function sinkSettings(config: ZohoConfig): SinkSettings {
  for (const field of ['clientId', 'clientSecret', 'refreshToken'] as const) {
    const value = config?.[field];
    if (typeof value !== 'string' || value === '') throw problem(`${field} is required: the Zoho OAuth client's ${field}`, `/${field}`);
  }
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    refreshToken: config.refreshToken,
    accountsUrl: url(config.accountsUrl ?? 'https://accounts.zoho.com', 'accountsUrl'),
    baseUrl: config.baseUrl === undefined ? undefined : url(config.baseUrl, 'baseUrl'),
    apiVersion: config.apiVersion ?? 'v8',
    keyField: config.keyField ?? 'Datong_Key',
    requestsPerWindow: positive(config.requestsPerWindow ?? 100, 'requestsPerWindow'),
    rateWindowMs: positive(config.rateWindowMs ?? 60_000, 'rateWindowMs'),
    concurrency: positive(config.concurrency ?? 4, 'concurrency'),
  };
}

function url(value: string, field: string): string {
  const trimmed = value.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(trimmed)) throw problem(`${field} ${value} is not an http(s) URL`, `/${field}`);
  return trimmed;
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) throw problem(`${field} must be a number above 0, got ${value}`, `/${field}`);
  return value;
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

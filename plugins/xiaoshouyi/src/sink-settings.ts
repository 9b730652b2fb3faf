import { ConfigError } from '@datong/sdk';
import type { XiaoshouyiConfig } from './generated/config.js';

/** Where Xiaoshouyi's API is when the config names no baseUrl. */
export const DEFAULT_BASE_URL = 'https://api.xiaoshouyi.com';

/** The config with its defaults filled in, checked beyond what the schema can say. */
export interface SinkSettings {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
  securityToken: string;
  keyField: string;
  orderObject: 'order' | 'opportunity';
  requestsPerSecond: number;
  concurrency: number;
  lookupBatchSize: number;
  tokenLifetimeSeconds: number;
  expiredTokenCodes: string[];
  throttleCodes: string[];
  dailyQuotaCodes: string[];
}

const REQUIRED = ['clientId', 'clientSecret', 'redirectUri', 'username', 'password', 'securityToken'] as const;

/**
 * Reads the config the engine validated against the schema. It checks again what a caller that
 * skipped the schema (a test, a script) could get wrong, naming the field and never its value.
 */
export function sinkSettings(config: XiaoshouyiConfig): SinkSettings {
  const missing = REQUIRED.filter((field) => typeof config[field] !== 'string' || config[field] === '');
  if (missing.length > 0) {
    throw new ConfigError(missing.map((field) => ({ pointer: `/${field}`, message: `xiaoshouyi needs ${field} (the password grant sends clientId, clientSecret, redirectUri, username and password + securityToken)` })));
  }
  const baseUrl = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw problem('/baseUrl', `baseUrl ${baseUrl} is not an http(s) URL`);
  const tokenUrl = config.tokenUrl ?? `${baseUrl}/oauth2/token.action`;
  if (!/^https?:\/\/[^/]+/.test(tokenUrl)) throw problem('/tokenUrl', `tokenUrl ${tokenUrl} is not an http(s) URL`);
  const keyField = config.keyField ?? 'datong_key__c';
  if (!/^[A-Za-z][A-Za-z0-9_]*__c$/.test(keyField)) throw problem('/keyField', `keyField ${keyField} is not a custom field API key (letters, digits, _ and ending in __c)`);
  const securityToken = config.securityToken;
  return {
    baseUrl,
    tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    username: config.username,
    password: config.password,
    securityToken,
    keyField,
    orderObject: config.orderObject ?? 'order',
    requestsPerSecond: positive(config.requestsPerSecond, 10, '/requestsPerSecond'),
    concurrency: positive(config.concurrency, 4, '/concurrency'),
    lookupBatchSize: positive(config.lookupBatchSize, 100, '/lookupBatchSize'),
    tokenLifetimeSeconds: positive(config.tokenLifetimeSeconds, 7200, '/tokenLifetimeSeconds'),
    expiredTokenCodes: config.expiredTokenCodes ?? ['401'],
    throttleCodes: config.throttleCodes ?? ['429'],
    dailyQuotaCodes: config.dailyQuotaCodes ?? ['430'],
  };
}

function positive(value: number | undefined, fallback: number, pointer: string): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) throw problem(pointer, `${pointer.slice(1)} must be a number above 0`);
  return value;
}

function problem(pointer: string, message: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

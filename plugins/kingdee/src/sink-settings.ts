import { ConfigError } from '@datong/sdk';
import type { KingdeeConfig } from './generated/config.js';

/** The config with its defaults filled in (the defaults the config schema documents). */
export interface SinkSettings {
  /** The site root, ending in '/': services are `<baseUrl><Service>.common.kdsvc`. */
  baseUrl: string;
  acctId: string;
  userName: string;
  appId: string;
  appSecret: string;
  auth: 'session' | 'signature';
  lcid: number;
  orgNumber: string;
  orderBillType: string;
  tagsField: string;
  batchSize: number;
  numberMaxLength: number;
  requestsPerWindow: number;
  windowMs: number;
  throttleBackoffMs: number;
}

/** The Java SDK's default server when none is configured. */
export const DEFAULT_BASE_URL = 'https://api.kingdee.com/galaxyapi/';

/**
 * Reads the config the engine validated against the schema, and re-checks what a caller that
 * skipped validation (a test, a script) could get wrong, naming the field.
 */
export function sinkSettings(config: KingdeeConfig): SinkSettings {
  for (const field of ['acctId', 'userName', 'appId', 'appSecret', 'orgNumber'] as const) {
    const value = config[field] as unknown;
    if (typeof value !== 'string' || value === '') throw problem(`${field} is required: the Kingdee sink cannot authenticate or write without it`, `/${field}`);
  }
  const baseUrl = config.baseUrl ?? DEFAULT_BASE_URL;
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw problem(`baseUrl ${baseUrl} is not an http(s) URL`, '/baseUrl');
  const auth = config.auth ?? 'session';
  if (auth !== 'session' && auth !== 'signature') throw problem(`auth must be "session" or "signature", not ${JSON.stringify(auth)}`, '/auth');
  return {
    baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
    acctId: config.acctId,
    userName: config.userName,
    appId: config.appId,
    appSecret: config.appSecret,
    auth,
    lcid: config.lcid ?? 2052,
    orgNumber: config.orgNumber,
    orderBillType: config.orderBillType ?? 'XSDD01_SYS',
    tagsField: config.tagsField ?? 'FDescription',
    batchSize: config.batchSize ?? 100,
    numberMaxLength: config.numberMaxLength ?? 80,
    requestsPerWindow: config.requestsPerWindow ?? 10,
    windowMs: config.windowMs ?? 1000,
    throttleBackoffMs: config.throttleBackoffMs ?? 1000,
  };
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

import { ConfigError } from '@datong/sdk';
import type { YonyouU8Config } from './generated/config.js';

/** The errcodes U8 does not document (UNCONFIRMED), as the config names them. */
export interface U8Errcodes {
  tokenExpired: string;
  throttled: string;
  quotaExhausted: string;
  notFound: string;
  duplicateCode: string;
}

/** The config with every default filled in: what the rest of the sink reads. */
export interface SinkSettings {
  fromAccount: string;
  toAccount: string;
  appKey: string;
  appSecret: string;
  dsSequence?: number;
  baseUrl: string;
  requestsPerWindow: number;
  windowMs: number;
  concurrency: number;
  retries: number;
  tierField: string;
  tagsField: string;
  saleTypeCode: string;
  businessType: string;
  deptCode?: string;
  errcodes: U8Errcodes;
}

export const DEFAULT_BASE_URL = 'https://api.yonyouup.com';

/** The defaults of the UNCONFIRMED errcodes: the emulator's, until a real U8 says otherwise. */
export const DEFAULT_ERRCODES: U8Errcodes = { tokenExpired: '30002', throttled: '30003', quotaExhausted: '30004', notFound: '20002', duplicateCode: '20007' };

/**
 * Reads the config the engine validated against the schema and checks what the schema cannot
 * say (tier and tags in two different self-defined fields), naming the field at fault.
 */
export function sinkSettings(config: YonyouU8Config): SinkSettings {
  for (const field of ['fromAccount', 'toAccount', 'appKey', 'appSecret'] as const) {
    if (typeof config[field] !== 'string' || config[field] === '') throw problem(`${field} is required: the U8 open platform issues it with the app`, `/${field}`);
  }
  const baseUrl = (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(baseUrl)) throw problem(`baseUrl ${baseUrl} is not an http(s) URL`, '/baseUrl');
  const tierField = config.tierField ?? 'self_define1';
  const tagsField = config.tagsField ?? 'self_define2';
  if (tierField === tagsField) throw problem(`tierField and tagsField are both ${tierField}: tier and tags need a self-defined field each`, '/tagsField');
  return {
    fromAccount: config.fromAccount,
    toAccount: config.toAccount,
    appKey: config.appKey,
    appSecret: config.appSecret,
    dsSequence: config.dsSequence,
    baseUrl,
    requestsPerWindow: config.requestsPerWindow ?? 10,
    windowMs: config.windowMs ?? 1000,
    concurrency: config.concurrency ?? 4,
    retries: config.retries ?? 6,
    tierField,
    tagsField,
    saleTypeCode: config.saleTypeCode ?? '01',
    businessType: config.businessType ?? '普通销售',
    deptCode: config.deptCode,
    errcodes: { ...DEFAULT_ERRCODES, ...config.errcodes },
  };
}

function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

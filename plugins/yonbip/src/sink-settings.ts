import { ConfigError } from '@datong/sdk';
import type { YonbipConfig } from './generated/config.js';

/** The config with its defaults filled in, and what the schema cannot say decided. */
export interface SinkSettings {
  appKey: string;
  appSecret: string;
  tenantId?: string;
  baseUrl: string;
  /** Both pinned (legacy single host), or both discovered from the tenant. */
  pinned?: { gatewayUrl: string; tokenUrl: string };
  orgCode: string;
  customerClassCode?: string;
  transTypeCode?: string;
  salesOrgId?: string;
  transactionTypeId?: string;
  currency: string;
  tierField: string;
  tagsField: string;
  salesOrderCallsPerMinute: number;
  callsPerMinute: number;
  rateWindowMs: number;
  concurrency: number;
  retryAfterMs: number;
  throttleWaitMs: number;
}

export const DEFAULT_BASE_URL = 'https://apigateway.yonyoucloud.com';

/** Reads the config the engine validated against its schema; throws a ConfigError naming the field for what it cannot say. */
export function sinkSettings(config: YonbipConfig): SinkSettings {
  for (const field of ['appKey', 'appSecret', 'orgCode'] as const) {
    if (typeof config[field] !== 'string' || config[field] === '') throw problem(`${field} is required`, `/${field}`);
  }
  if ((config.gatewayUrl === undefined) !== (config.tokenUrl === undefined)) {
    const missing = config.gatewayUrl === undefined ? 'gatewayUrl' : 'tokenUrl';
    throw problem(`gatewayUrl and tokenUrl pin the hosts together: ${missing} is missing`, `/${missing}`);
  }
  if (config.gatewayUrl === undefined && config.tenantId === undefined) {
    throw problem('tenantId is required to discover the gateway (or pin gatewayUrl and tokenUrl)', '/tenantId');
  }
  if (config.tierField !== undefined && config.tierField === config.tagsField) {
    throw problem('tierField and tagsField must be different define fields', '/tagsField');
  }
  const url = (value: string, pointer: string): string => {
    const trimmed = value.replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(trimmed)) throw problem(`${value} is not an http(s) URL`, pointer);
    return trimmed;
  };
  return {
    appKey: config.appKey,
    appSecret: config.appSecret,
    tenantId: config.tenantId,
    baseUrl: url(config.baseUrl ?? DEFAULT_BASE_URL, '/baseUrl'),
    pinned: config.gatewayUrl !== undefined && config.tokenUrl !== undefined
      ? { gatewayUrl: url(config.gatewayUrl, '/gatewayUrl'), tokenUrl: url(config.tokenUrl, '/tokenUrl') }
      : undefined,
    orgCode: config.orgCode,
    customerClassCode: config.customerClassCode,
    transTypeCode: config.transTypeCode,
    salesOrgId: config.salesOrgId,
    transactionTypeId: config.transactionTypeId,
    currency: config.currency ?? 'CNY',
    tierField: config.tierField ?? 'define1',
    tagsField: config.tagsField ?? 'define2',
    salesOrderCallsPerMinute: config.salesOrderCallsPerMinute ?? 60,
    callsPerMinute: config.callsPerMinute ?? 300,
    rateWindowMs: config.rateWindowMs ?? 60_000,
    concurrency: config.concurrency ?? 4,
    retryAfterMs: config.retryAfterMs ?? 5000,
    throttleWaitMs: config.throttleWaitMs ?? 5000,
  };
}

export function problem(message: string, pointer: string): ConfigError {
  return new ConfigError([{ pointer, message }]);
}

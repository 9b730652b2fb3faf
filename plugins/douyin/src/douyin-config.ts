import { ConfigError } from '@datong/sdk';
import type { DouyinSourceConfig } from './generated/source-config.js';
import type { SignMethod } from './douyin-signature.js';

/** order.searchList serves at most this far back (90 days). */
export const LOOKBACK_MS = 90 * 24 * 3600_000;

/** The config with every default filled in. */
export interface ResolvedDouyinConfig {
  appKey: string;
  appSecret: string;
  accessToken?: string;
  refreshToken?: string;
  shopId?: string;
  signMethod: SignMethod;
  baseUrl: string;
  startDate?: number;
  pageSize: number;
  windowMs: number;
  lagMs: number;
  overlapMs: number;
  decrypt: boolean;
  decryptBatchSize: number;
  decryptQuota: number;
  rateLimitWaitMs: number;
}

/** Fills the schema's defaults and checks what the schema cannot say: some way to a token must be given. */
export function resolveConfig(config: DouyinSourceConfig): ResolvedDouyinConfig {
  if (!config.accessToken && !config.refreshToken && !config.shopId) {
    throw new ConfigError([{ pointer: '/accessToken', message: 'the Douyin source needs accessToken, refreshToken, or (for a self-use app) shopId' }]);
  }
  const start = config.startDate === undefined ? undefined : Date.parse(config.startDate);
  if (start !== undefined && Number.isNaN(start)) {
    throw new ConfigError([{ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` }]);
  }
  return {
    appKey: config.appKey,
    appSecret: config.appSecret,
    accessToken: config.accessToken,
    refreshToken: config.refreshToken,
    shopId: config.shopId,
    signMethod: config.signMethod ?? 'hmac-sha256',
    baseUrl: (config.baseUrl ?? 'https://openapi-fxg.jinritemai.com').replace(/\/+$/, ''),
    startDate: start,
    pageSize: config.pageSize ?? 100,
    windowMs: (config.windowHours ?? 24) * 3600_000,
    lagMs: (config.lagSeconds ?? 10) * 1000,
    overlapMs: (config.overlapSeconds ?? 60) * 1000,
    decrypt: config.decrypt ?? false,
    decryptBatchSize: config.decryptBatchSize ?? 50,
    decryptQuota: config.decryptQuota ?? 10_000,
    rateLimitWaitMs: Math.round((config.rateLimitWaitSeconds ?? 1) * 1000),
  };
}

import { ConfigError } from '@datong/sdk';
import type { WechatShopSourceConfig } from './generated/source-config.js';

const DAY_MS = 86_400_000;

/** The config with every default filled in. */
export interface ResolvedWechatConfig {
  api: 'channels' | 'minishop';
  /** "wechat-shop" or "wechat-minishop": the `channel` of every record. */
  channel: 'wechat-shop' | 'wechat-minishop';
  appId: string;
  appSecret?: string;
  accessToken?: string;
  baseUrl: string;
  /** Ms epoch of a first run's start, or undefined for "lookbackDays before now". */
  startDate?: number;
  lookbackMs: number;
  pageSize: number;
  detailConcurrency: number;
  recheckWindows: boolean;
  decrypt: boolean;
  decodeQuotaPerDay: number;
  minuteQuotaWaitMs?: number;
}

/**
 * Fills the defaults the config schema declares (the engine may not have) and checks what the
 * schema cannot say: a way to get an access token must be given.
 */
export function resolveConfig(config: WechatShopSourceConfig): ResolvedWechatConfig {
  if (!config.appSecret && !config.accessToken) {
    throw new ConfigError([{ pointer: '/appSecret', message: 'the WeChat shop source needs appSecret (for /cgi-bin/token), or an accessToken managed elsewhere' }]);
  }
  const startDate = config.startDate === undefined ? undefined : Date.parse(config.startDate);
  if (startDate !== undefined && Number.isNaN(startDate)) {
    throw new ConfigError([{ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` }]);
  }
  const api = config.api ?? 'channels';
  return {
    api,
    channel: api === 'channels' ? 'wechat-shop' : 'wechat-minishop',
    appId: config.appId,
    appSecret: config.appSecret,
    accessToken: config.accessToken,
    baseUrl: (config.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, ''),
    startDate,
    lookbackMs: (config.lookbackDays ?? 90) * DAY_MS,
    pageSize: config.pageSize ?? 100,
    detailConcurrency: config.detailConcurrency ?? 4,
    recheckWindows: config.recheckWindows ?? true,
    decrypt: config.decrypt ?? false,
    decodeQuotaPerDay: config.decodeQuotaPerDay ?? 30,
    minuteQuotaWaitMs: config.minuteQuotaWaitSeconds === undefined ? undefined : config.minuteQuotaWaitSeconds * 1000,
  };
}

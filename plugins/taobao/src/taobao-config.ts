import { ConfigError } from '@datong/sdk';
import type { TaobaoSourceConfig } from './generated/source-config.js';
import type { TopSignMethod } from './top-signature.js';

/** How far back TOP serves trades: "the last 3 months", taken as 90 days. */
export const LOOKBACK_MS = 90 * 86_400_000;

/** The config with every default filled in. */
export interface ResolvedTaobaoConfig {
  appKey: string;
  appSecret: string;
  session?: string;
  refreshToken?: string;
  channel: 'tmall' | 'taobao';
  signMethod: TopSignMethod;
  baseUrl: string;
  oauthBaseUrl: string;
  /** Ms epoch, or undefined for "the lookback". */
  startDate?: number;
  windowMinutes: number;
  pageSize: number;
  lagSeconds: number;
  tradeTypes?: string;
  decrypt: boolean;
  decryptScene: string;
}

/**
 * Fills the defaults the config schema declares (the engine may not have) and checks what the
 * schema cannot say: some credential for the seller must be given.
 */
export function resolveConfig(config: TaobaoSourceConfig): ResolvedTaobaoConfig {
  if (!config.appKey || !config.appSecret) {
    throw new ConfigError([{ pointer: config.appKey ? '/appSecret' : '/appKey', message: 'the Taobao source needs appKey and appSecret' }]);
  }
  if (!config.session && !config.refreshToken) {
    throw new ConfigError([{ pointer: '/session', message: "the Taobao source needs the seller's session (access token), or a refreshToken" }]);
  }
  const startDate = config.startDate === undefined ? undefined : Date.parse(config.startDate);
  if (startDate !== undefined && Number.isNaN(startDate)) {
    throw new ConfigError([{ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` }]);
  }
  return {
    appKey: config.appKey,
    appSecret: config.appSecret,
    session: config.session,
    refreshToken: config.refreshToken,
    channel: config.channel ?? 'tmall',
    signMethod: config.signMethod ?? 'hmac-sha256',
    baseUrl: (config.baseUrl ?? 'https://eco.taobao.com').replace(/\/+$/, ''),
    oauthBaseUrl: (config.oauthBaseUrl ?? 'https://oauth.taobao.com').replace(/\/+$/, ''),
    startDate,
    windowMinutes: config.windowMinutes ?? 30,
    pageSize: config.pageSize ?? 50,
    lagSeconds: config.lagSeconds ?? 10,
    tradeTypes: config.tradeTypes,
    decrypt: config.decrypt ?? false,
    decryptScene: config.decryptScene ?? '2002',
  };
}

import { ConfigError } from '@datong/sdk';
import type { WooCommerceSourceConfig } from './generated/source-config.js';

const DAY = 86_400_000;

/** The config with every default filled in and the API base worked out. */
export interface ResolvedWooConfig {
  /** {storeUrl}/wp-json/wc/v3, no trailing slash. */
  apiBase: string;
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  authMethod: 'basic' | 'query';
  /** ms epoch, or undefined: 365 days before the run. */
  startDate?: number;
  windowMs: number;
  pageSize: number;
  overlapMs: number;
  lagMs: number;
  includeTrash: boolean;
}

/** Fills the defaults the schema declares (the engine may not have) and checks what it cannot say. */
export function resolveConfig(config: WooCommerceSourceConfig): ResolvedWooConfig {
  const problems: { pointer: string; message: string }[] = [];
  if (typeof config.storeUrl !== 'string' || !/^https?:\/\/[^/]/.test(config.storeUrl)) {
    problems.push({ pointer: '/storeUrl', message: 'storeUrl must be the store\'s http(s) URL, e.g. https://shop.example.com' });
  }
  if (!config.consumerKey) problems.push({ pointer: '/consumerKey', message: 'the WooCommerce source needs consumerKey (ck_...)' });
  if (!config.consumerSecret) problems.push({ pointer: '/consumerSecret', message: 'the WooCommerce source needs consumerSecret (cs_...)' });
  let startDate: number | undefined;
  if (config.startDate !== undefined) {
    startDate = Date.parse(config.startDate);
    if (Number.isNaN(startDate)) problems.push({ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const storeUrl = config.storeUrl.replace(/\/+$/, '');
  return {
    storeUrl,
    apiBase: `${storeUrl}/wp-json/wc/v3`,
    consumerKey: config.consumerKey,
    consumerSecret: config.consumerSecret,
    authMethod: config.authMethod ?? 'basic',
    startDate,
    windowMs: (config.windowDays ?? 30) * DAY,
    pageSize: config.pageSize ?? 100,
    overlapMs: (config.overlapSeconds ?? 300) * 1000,
    lagMs: (config.lagSeconds ?? 10) * 1000,
    includeTrash: config.includeTrash ?? true,
  };
}

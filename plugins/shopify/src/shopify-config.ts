import { ConfigError } from '@datong/sdk';
import type { ShopifySourceConfig } from './generated/source-config.js';

/** The config with every default filled in and the base URL worked out. */
export interface ResolvedShopifyConfig {
  shop: string;
  baseUrl: string;
  apiVersion: string;
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  pageSize: number;
  lineItemsPageSize: number;
  overlapSeconds: number;
}

/**
 * Fills the defaults the config schema declares (the engine may not have) and checks what the
 * schema cannot say: some credential must be given.
 */
export function resolveConfig(config: ShopifySourceConfig): ResolvedShopifyConfig {
  if (!config.accessToken && !config.refreshToken) {
    throw new ConfigError([{ pointer: '/accessToken', message: 'the Shopify source needs accessToken, or refreshToken with clientId and clientSecret' }]);
  }
  if (config.refreshToken && (!config.clientId || !config.clientSecret)) {
    throw new ConfigError([{ pointer: '/refreshToken', message: 'refreshing an expiring offline token needs clientId and clientSecret too' }]);
  }
  return {
    shop: config.shop,
    baseUrl: (config.baseUrl ?? `https://${config.shop}.myshopify.com`).replace(/\/+$/, ''),
    apiVersion: config.apiVersion ?? '2025-01',
    accessToken: config.accessToken,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    refreshToken: config.refreshToken,
    pageSize: config.pageSize ?? 100,
    lineItemsPageSize: config.lineItemsPageSize ?? 10,
    overlapSeconds: config.overlapSeconds ?? 300,
  };
}

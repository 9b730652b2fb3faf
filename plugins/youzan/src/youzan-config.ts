import { ConfigError } from '@datong/sdk';
import type { YouzanSourceConfig } from './generated/source-config.js';

/** The config with every default filled in. */
export interface ResolvedYouzanConfig {
  clientId: string;
  clientSecret: string;
  grantId: string;
  baseUrl: string;
  tradesApiVersion: string;
  /** Ms epoch, or undefined for "90 days before now". */
  startDate?: number;
  windowMs: number;
  lagMs: number;
  overlapMs: number;
  pageSize: number;
  throttleWaitMs: number;
  tokenLeewayMs: number;
  webhookSecret?: string;
}

export const LOOKBACK_MS = 90 * 86_400_000;

/** Fills the defaults the config schema declares (the engine may not have) and checks what it cannot. */
export function resolveConfig(config: YouzanSourceConfig): ResolvedYouzanConfig {
  const problems: { pointer: string; message: string }[] = [];
  for (const field of ['clientId', 'clientSecret', 'grantId'] as const) {
    if (typeof config?.[field] !== 'string' || config[field] === '') problems.push({ pointer: `/${field}`, message: `the Youzan source needs ${field} (a self-use app's credentials and the shop's kdt_id)` });
  }
  const startDate = config?.startDate === undefined ? undefined : Date.parse(config.startDate);
  if (startDate !== undefined && Number.isNaN(startDate)) problems.push({ pointer: '/startDate', message: 'startDate must be an ISO 8601 date-time' });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    grantId: String(config.grantId),
    baseUrl: (config.baseUrl ?? 'https://open.youzanyun.com').replace(/\/+$/, ''),
    tradesApiVersion: config.tradesApiVersion ?? '4.0.4',
    startDate,
    windowMs: Math.round((config.windowHours ?? 24) * 3600_000),
    lagMs: (config.lagSeconds ?? 10) * 1000,
    overlapMs: (config.overlapSeconds ?? 60) * 1000,
    pageSize: config.pageSize ?? 100,
    throttleWaitMs: config.throttleWaitMs ?? 3000,
    tokenLeewayMs: (config.tokenLeewaySeconds ?? 86_400) * 1000,
    webhookSecret: config.webhookSecret,
  };
}

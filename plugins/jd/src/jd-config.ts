import { ConfigError } from '@datong/sdk';
import type { JdSourceConfig } from './generated/source-config.js';

/** The config with every default filled in. */
export interface ResolvedJdConfig {
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken?: string;
  baseUrl: string;
  oauthUrl: string;
  orderApi: 'enSearch' | 'search';
  startDate?: number;
  lookbackDays: number;
  windowHours: number;
  pageSize: number;
  dateType: 0 | 1;
  lagSeconds: number;
}

/** Fills the defaults the schema declares (the engine may not have) and checks what it cannot say. */
export function resolveConfig(config: JdSourceConfig): ResolvedJdConfig {
  const problems: { pointer: string; message: string }[] = [];
  for (const name of ['appKey', 'appSecret', 'accessToken'] as const) {
    if (typeof config[name] !== 'string' || config[name] === '') problems.push({ pointer: `/${name}`, message: `the JD source needs ${name}` });
  }
  const start = config.startDate === undefined ? undefined : Date.parse(config.startDate);
  if (start !== undefined && Number.isNaN(start)) problems.push({ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    appKey: config.appKey,
    appSecret: config.appSecret,
    accessToken: config.accessToken,
    refreshToken: config.refreshToken,
    baseUrl: routerUrl(config.baseUrl ?? 'https://api.jd.com/routerjson'),
    oauthUrl: (config.oauthUrl ?? 'https://open-oauth.jd.com').replace(/\/+$/, ''),
    orderApi: config.orderApi ?? 'enSearch',
    startDate: start,
    lookbackDays: config.lookbackDays ?? 90,
    windowHours: Math.min(config.windowHours ?? 24, 720),
    pageSize: Math.min(config.pageSize ?? 50, 50),
    dateType: config.dateType ?? 0,
    lagSeconds: config.lagSeconds ?? 10,
  };
}

/** The router URL: a bare origin (as `datong emulate jd --env-file` writes JD_BASE_URL) gets /routerjson. */
function routerUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /^https?:\/\/[^/]+$/i.test(trimmed) ? `${trimmed}/routerjson` : trimmed;
}

import { ConfigError } from '@datong/sdk';
import type { PinduoduoSourceConfig } from './generated/source-config.js';

/** The real router: every PDD call is a POST to it, the API named by `type`. */
export const PDD_ROUTER = 'https://gw-api.pinduoduo.com/api/router';

/** The config with every default filled in. */
export interface ResolvedPddConfig {
  clientId: string;
  clientSecret: string;
  accessToken?: string;
  refreshToken?: string;
  baseUrl: string;
  startMs?: number;
  lookbackMs: number;
  windowMs: number;
  pageSize: number;
  overlapMs: number;
  lagMs: number;
  throttleWaitMs: number;
  callsPerSecond: number;
}

const DAY = 86_400_000;

/** Fills the schema's defaults (the engine may not have) and checks what the schema cannot say. */
export function resolveConfig(config: PinduoduoSourceConfig): ResolvedPddConfig {
  if (!config.accessToken && !config.refreshToken) {
    throw new ConfigError([{ pointer: '/accessToken', message: 'the Pinduoduo source needs accessToken (or refreshToken to get one)' }]);
  }
  let startMs: number | undefined;
  if (config.startDate !== undefined) {
    startMs = Date.parse(config.startDate);
    if (Number.isNaN(startMs)) throw new ConfigError([{ pointer: '/startDate', message: `startDate "${config.startDate}" is not an ISO 8601 date-time` }]);
  }
  const windowMinutes = config.windowMinutes ?? 30;
  if (windowMinutes > 30 || windowMinutes < 1) {
    throw new ConfigError([{ pointer: '/windowMinutes', message: 'windowMinutes must be 1 to 30: PDD refuses wider windows' }]);
  }
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    accessToken: config.accessToken,
    refreshToken: config.refreshToken,
    baseUrl: routerUrl(config.baseUrl ?? PDD_ROUTER),
    startMs,
    lookbackMs: (config.lookbackDays ?? 90) * DAY,
    windowMs: windowMinutes * 60_000,
    pageSize: Math.min(100, config.pageSize ?? 100),
    overlapMs: (config.overlapSeconds ?? 60) * 1000,
    lagMs: (config.lagSeconds ?? 10) * 1000,
    throttleWaitMs: Math.round((config.throttleWaitSeconds ?? 1) * 1000),
    callsPerSecond: config.callsPerSecond ?? 20,
  };
}

/** A bare host (`http://127.0.0.1:4010`, as `datong emulate` prints it) means its /api/router. */
function routerUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/api/router';
  return url.toString();
}

import { createHash } from 'node:crypto';
import type { HttpClient, PluginContext, TokenBucketOptions } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import type { SinkSettings } from './sink-settings.js';
import { ZohoAuth } from './zoho-auth.js';

/** The HTTP client every API call of one sink goes through, and its authentication. */
export interface ZohoHttp {
  http: HttpClient;
  auth: ZohoAuth;
}

/**
 * Sets up Zoho's HTTP client: Zoho OAuth (see ZohoAuth), one rate limiter per credential shared by
 * every sink of the process, and Zoho's rules for 401, 403 and 429. Paths are absolute: the API
 * host is the token's api_domain, known only once a token is.
 */
export function zohoHttp(settings: SinkSettings, ctx: PluginContext): ZohoHttp {
  const auth = new ZohoAuth(settings, ctx);
  const id = createHash('sha256').update(`${settings.accountsUrl}\n${settings.clientId}\n${settings.refreshToken}`).digest('hex').slice(0, 16);
  const limiter = ctx.rateLimiter(`zoho:${id}`, pacing(settings.requestsPerWindow, settings.rateWindowMs));
  const http = ctx.http({
    baseUrl: settings.baseUrl ?? settings.accountsUrl,
    platform: 'Zoho CRM',
    auth,
    limiter,
    // A concurrency or window cap can take a while to free: allow for it.
    retries: 8,
    classify: classifyResponse,
  });
  return { http, auth };
}

/**
 * A token bucket that keeps to `max` calls in any window of `windowMs`: a burst of a tenth, the
 * rest refilled evenly, so burst plus refill over one window stays within `max`.
 */
export function pacing(max: number, windowMs: number): TokenBucketOptions {
  const capacity = Math.max(1, Math.ceil(max / 10));
  return { capacity, refillPerSecond: Math.max(max - capacity, 1) / (windowMs / 1000) };
}

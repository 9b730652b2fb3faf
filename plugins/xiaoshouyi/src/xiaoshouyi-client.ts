import { createHash } from 'node:crypto';
import type { HttpResponse, PluginContext, ResponseVerdict, TokenBucketOptions } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import type { SinkSettings } from './sink-settings.js';
import { XiaoshouyiAuth } from './xiaoshouyi-auth.js';
import { XobjectApi } from './xobject-api.js';

/** The API of one open sink and the authentication behind it (for its grant counts). */
export interface XiaoshouyiClient {
  api: XobjectApi;
  auth: XiaoshouyiAuth;
}

/**
 * Sets up the HTTP side of the sink: one token bucket per Xiaoshouyi user (requestsPerSecond, a
 * second's worth of burst) shared by every sink of the process signed in as that user, the token
 * endpoint behind the same bucket, the OAuth2 password/refresh auth and Xiaoshouyi's answer rules.
 */
export function xiaoshouyiClient(settings: SinkSettings, ctx: PluginContext): XiaoshouyiClient {
  const limiter = ctx.rateLimiter(limiterId(settings), pacing(settings.requestsPerSecond));
  const tokenClient = ctx.http({ baseUrl: settings.tokenUrl, platform: 'xiaoshouyi', limiter, classify: tokenVerdict });
  const auth = new XiaoshouyiAuth(settings, tokenClient, ctx);
  const http = ctx.http({
    baseUrl: settings.baseUrl,
    platform: 'xiaoshouyi',
    auth,
    limiter,
    // A throttled window may take a few waits to clear.
    retries: 8,
    classify: (response) => classifyResponse(response, settings),
  });
  return { api: new XobjectApi(http), auth };
}

/**
 * A bucket that keeps any one-second window within `perSecond` calls. A bucket of capacity N
 * refilled N a second lets 2N through in the first second (a full burst, then the refill), and
 * the platform's window (UNCONFIRMED: fixed or sliding) may count them together; so the burst is a
 * tenth and the refill the rest: burst + refill in any second stays within `perSecond`.
 */
export function pacing(perSecond: number): TokenBucketOptions {
  const capacity = Math.max(1, Math.ceil(perSecond / 10));
  return { capacity, refillPerSecond: Math.max(perSecond - capacity, perSecond / 2) };
}

/** The token endpoint's refusals (4xx) are read by the auth, which knows which grant failed; 5xx are retried. */
function tokenVerdict(response: HttpResponse): ResponseVerdict | undefined {
  if (response.status === 429) return undefined;
  return response.status >= 400 && response.status < 500 ? { ok: true } : undefined;
}

/** Xiaoshouyi limits per user of a tenant: the bucket is named by a digest of host and user, never the user. */
function limiterId(settings: SinkSettings): string {
  const host = new URL(settings.baseUrl).host;
  return `xiaoshouyi:${createHash('sha256').update(`${host}\n${settings.username}`).digest('hex').slice(0, 16)}`;
}

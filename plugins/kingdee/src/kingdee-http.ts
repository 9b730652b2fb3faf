import { createHash } from 'node:crypto';
import type { HttpAuth, HttpClient, PluginContext, TokenBucketOptions } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import { LoginSession } from './login-session.js';
import { SignatureAuth } from './signature-auth.js';
import type { SinkSettings } from './sink-settings.js';

/** The HTTP client every call of one sink goes through, and its auth (for its login count). */
export interface KingdeeHttp {
  http: HttpClient;
  auth: HttpAuth;
  session?: LoginSession;
}

/**
 * Sets up the client: session or signature auth as configured, one rate limiter per credential
 * shared by every sink of the process (logins included), and Kingdee's MsgCode rules.
 */
export function kingdeeHttp(settings: SinkSettings, ctx: PluginContext): KingdeeHttp {
  ctx.secret(settings.appSecret);
  const session = settings.auth === 'session' ? new LoginSession(settings, ctx) : undefined;
  const auth: HttpAuth = session ?? new SignatureAuth(settings);
  const http = ctx.http({
    baseUrl: settings.baseUrl,
    platform: 'Kingdee',
    auth,
    limiter: ctx.rateLimiter(limiterId(settings), pacing(settings.requestsPerWindow, settings.windowMs)),
    // The Java SDK waits 120 s for an answer; a BatchSave of a few hundred records is slow.
    timeoutMs: 120_000,
    classify: (response) => classifyResponse(response, { auth: settings.auth, throttleBackoffMs: settings.throttleBackoffMs }),
  });
  session?.attach(http);
  return { http, auth, session };
}

/**
 * A token bucket that keeps to `max` calls in any window of `windowMs` (the server may count a
 * rolling window): a burst of a tenth of it, the rest as steady refill, so burst plus refill over
 * one window never pass `max`. The refill keeps a tenth in hand: calls sent evenly can still
 * arrive bunched (a slow first connection, a busy machine), and the server counts arrivals.
 */
export function pacing(max: number, windowMs: number): TokenBucketOptions {
  const capacity = Math.max(1, Math.ceil(max / 10));
  return { capacity, refillPerSecond: (Math.max(max - capacity, 1) * 0.9) / (windowMs / 1000) };
}

/** Limits are per site and app: a digest of them, never the secret. */
function limiterId(settings: SinkSettings): string {
  const digest = createHash('sha256').update(`${settings.baseUrl}\n${settings.acctId}\n${settings.appId}\n${settings.userName}`).digest('hex').slice(0, 16);
  return `kingdee:${digest}`;
}

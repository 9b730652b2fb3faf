import { createHash } from 'node:crypto';
import type { HttpClient, PluginContext } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import { evenPacing } from './rate-pacing.js';
import type { SinkSettings } from './sink-settings.js';
import { authClassify, YonbipAuth } from './yonbip-auth.js';

/** The quota each sales-order endpoint has on its own (60 calls/min each, published). */
export type OrderEndpoint = 'orderSave' | 'orderList' | 'orderDetail';

/** One HTTP client per rate limit: each sales-order endpoint, and everything else. */
export interface YonbipHttp {
  auth: YonbipAuth;
  clients: Record<OrderEndpoint | 'other', HttpClient>;
}

/**
 * Builds the clients every call of one sink goes through. They share the token (one renewal for
 * all) but not their limiters: YonBIP counts the sales-order quota per endpoint, so singleSave,
 * list and detail each get a bucket at `salesOrderCallsPerMinute`, shared by every sink of the
 * process with the same appKey. A throttling answer pauses only the endpoint that got it.
 */
export function yonbipHttp(settings: SinkSettings, ctx: PluginContext): YonbipHttp {
  const app = createHash('sha256').update(settings.appKey).digest('hex').slice(0, 12);
  const window = settings.rateWindowMs;
  const otherLimiter = ctx.rateLimiter(`yonbip:${app}:other`, evenPacing(settings.callsPerMinute, window));
  const auth = new YonbipAuth(
    settings,
    ctx.http({ baseUrl: settings.baseUrl, platform: 'yonbip', limiter: otherLimiter, classify: authClassify }),
    ctx,
  );
  const classify = { throttleWaitMs: settings.throttleWaitMs, retryAfterMs: settings.retryAfterMs };
  // Enough throttle retries to outwait a whole quota window spent by someone else.
  const retries = Math.max(6, Math.ceil(window / Math.max(1, settings.throttleWaitMs)) + 2);
  const client = (name: string, perWindow: number): HttpClient =>
    ctx.http({
      baseUrl: settings.baseUrl,
      platform: 'yonbip',
      auth,
      limiter: name === 'other' ? otherLimiter : ctx.rateLimiter(`yonbip:${app}:${name}`, evenPacing(perWindow, window)),
      retries,
      classify: (response) => classifyResponse(response, classify),
    });
  const orders = settings.salesOrderCallsPerMinute;
  return {
    auth,
    clients: { orderSave: client('orderSave', orders), orderList: client('orderList', orders), orderDetail: client('orderDetail', orders), other: client('other', settings.callsPerMinute) },
  };
}

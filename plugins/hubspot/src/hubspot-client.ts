import { createHash } from 'node:crypto';
import { headerAuth, OAuth2Refresh, type HttpAuth, type HttpClient, type PluginContext } from '@datong/sdk';
import { classifyResponse } from './classify-response.js';
import { pacing, rateLimitObserver } from './rate-limit-pacing.js';
import type { SinkSettings } from './sink-settings.js';

/** The HTTP client every call of one sink goes through, and its authentication (for its refresh count). */
export interface HubSpotHttp {
  http: HttpClient;
  auth: HttpAuth;
}

/**
 * Sets up HubSpot's HTTP client: bearer auth (a private-app token, or OAuth refreshed before its
 * TTL runs out, the rotated refresh token stored encrypted in the plugin state), one rate limiter
 * per account shared by every sink of the process, paced by HubSpot's headers, and HubSpot's
 * rules for 401, 403 and 429.
 */
export function hubspotHttp(settings: SinkSettings, ctx: PluginContext): HubSpotHttp {
  const { credentials } = settings;
  let auth: HttpAuth;
  if (credentials.kind === 'token') {
    ctx.secret(credentials.accessToken);
    auth = headerAuth({ Authorization: `Bearer ${credentials.accessToken}` });
  } else {
    auth = new OAuth2Refresh(
      {
        tokenUrl: `${settings.baseUrl}/oauth/v1/token`,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken: credentials.refreshToken,
        stateKey: 'hubspot.refresh_token',
        // HubSpot: "do not treat a 401 as a signal to refresh; track the TTL". classifyResponse
        // still refreshes on a 401 that says EXPIRED_AUTHENTICATION.
        refreshOn401: false,
        platform: 'HubSpot',
      },
      ctx,
    );
  }
  const limiter = ctx.rateLimiter(limiterId(settings), pacing(settings.burstPer10s, 10_000));
  const http = ctx.http({
    baseUrl: settings.baseUrl,
    platform: 'HubSpot',
    auth,
    limiter,
    // A rolling ten-second window may take most of its length to free a slot: allow for it.
    retries: 8,
    classify: (response) => classifyResponse(response, { oauth: credentials.kind === 'oauth', dailyLimit: settings.dailyLimit }),
    observe: rateLimitObserver(limiter),
  });
  return { http, auth };
}

/** HubSpot counts limits per account: the portal id when known, else a digest of the credential (never the credential). */
function limiterId(settings: SinkSettings): string {
  if (settings.portalId !== undefined) return `hubspot:portal:${settings.portalId}`;
  const c = settings.credentials;
  const secret = c.kind === 'token' ? c.accessToken : `${c.clientId}:${c.refreshToken}`;
  return `hubspot:credential:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

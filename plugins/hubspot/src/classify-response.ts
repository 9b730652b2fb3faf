import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import { errorBody, HubSpotError, readableMessage } from './hubspot-error.js';

export interface ClassifyOptions {
  /** The sink authenticates with OAuth: an expired token can be refreshed. */
  oauth: boolean;
  /** The configured daily allowance, for the message when HubSpot's header does not say. */
  dailyLimit: number;
}

/**
 * HubSpot's rules for a response, on top of the HTTP kit's defaults (2xx ok, 5xx retried):
 *
 * - 429 with policyName DAILY: stop, not retryable: retrying burns nothing but time until midnight;
 * - any other 429 (TEN_SECONDLY_ROLLING, SECONDLY): wait and retry, pausing every request of the account;
 * - 401 EXPIRED_AUTHENTICATION with OAuth: refresh once and resend (HubSpot asks clients to track
 *   the token's TTL, which OAuth2Refresh does; this covers a clock that disagrees);
 * - any other 401/403: the credentials are wrong or lack scopes: a clear, non-retryable error;
 * - other 4xx: a HubSpotError carrying the body, for the caller to decide (bisect, create, ignore).
 */
export function classifyResponse(response: HttpResponse, options: ClassifyOptions): ResponseVerdict | undefined {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 408 || status === 425) return undefined;
  const body = errorBody(response.text);
  if (status === 429) {
    if (body.policyName === 'DAILY') return { error: dailyLimitError(response, options.dailyLimit) };
    const interval = Number(response.headers['x-hubspot-ratelimit-interval-milliseconds']);
    // Without Retry-After, a fifth of the window: a rolling window frees slots as old calls age out.
    const afterMs = response.headers['retry-after'] !== undefined ? undefined : Number.isFinite(interval) && interval > 0 ? interval / 5 : 2_000;
    return { retry: true, reason: `HubSpot ${body.policyName ?? 'rate'} limit reached`, afterMs, pauseLimiter: true };
  }
  if (status === 401 && body.category === 'EXPIRED_AUTHENTICATION' && options.oauth) {
    return { refreshAuth: true, reason: 'the OAuth access token expired' };
  }
  if (status === 401) {
    return {
      error: new UpstreamError(
        `HubSpot refused the credentials (${body.category ?? 'HTTP 401'}: ${body.message ?? 'unauthorized'}); check the sink's accessToken, or its OAuth clientId, clientSecret and refreshToken`,
        { status, platformCode: body.category, code: 'AUTH_FAILED', retryable: false },
      ),
    };
  }
  if (status === 403) {
    const scopes = body.errors?.flatMap((e) => (e.context?.requiredGranularScopes ?? e.context?.requiredScopes ?? []) as string[]) ?? [];
    const need = scopes.length > 0 ? `; the app needs the scope(s) ${scopes.join(', ')}` : '';
    return {
      error: new UpstreamError(`HubSpot forbade ${response.request} (${body.category ?? 'HTTP 403'}: ${body.message ?? 'forbidden'})${need}`, {
        status,
        platformCode: body.category,
        code: 'FORBIDDEN',
        retryable: false,
      }),
    };
  }
  return { error: new HubSpotError(`HubSpot answered ${status} ${body.category ?? ''} for ${response.request}: ${readableMessage(body.message)}`, status, body) };
}

function dailyLimitError(response: HttpResponse, configured: number): UpstreamError {
  const daily = Number(response.headers['x-hubspot-ratelimit-daily']);
  const limit = Number.isFinite(daily) && daily > 0 ? daily : configured;
  return new UpstreamError(
    `HubSpot daily API limit reached (${limit} calls); the stage stopped with its progress saved — it resumes on the next run after the limit resets (midnight in the account's time zone)`,
    { status: 429, platformCode: 'DAILY', code: 'RATE_LIMIT_DAILY', retryable: false },
  );
}

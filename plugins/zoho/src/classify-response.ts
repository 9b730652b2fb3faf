import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import { errorBody, ZohoError } from './zoho-error.js';

/**
 * Zoho CRM's rules for an API response, on top of the HTTP kit's defaults (2xx ok, 5xx retried):
 *
 * - 429 TOO_MANY_REQUESTS (a concurrency or rate cap): wait and retry, pausing every request on
 *   these credentials; Retry-After is honoured when sent, else the kit's backoff decides;
 * - any other 429 code (the API credits of the rolling 24 hours are spent): stop, not retryable;
 * - 401 INVALID_TOKEN: the access token died: refresh once (single-flight) and resend;
 * - other 401 and 403 (OAUTH_SCOPE_MISMATCH...): a clear, non-retryable auth error;
 * - other 4xx: a ZohoError with the body, for the caller (an upsert's 400 lists refused records).
 */
export function classifyResponse(response: HttpResponse): ResponseVerdict | undefined {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 408) return undefined;
  const body = errorBody(response.text);
  if (status === 429) {
    if (body.code === undefined || body.code === 'TOO_MANY_REQUESTS') {
      return { retry: true, reason: `Zoho answered 429 ${body.code ?? ''} (${body.message ?? 'too many requests'})`, pauseLimiter: true };
    }
    return {
      error: new UpstreamError(
        `Zoho API credits exhausted (429 ${body.code}: ${body.message ?? 'limit reached'}); the stage stopped with its progress saved — it resumes on a later run, once credits of the rolling 24-hour window free up (or buy add-on credits)`,
        { status, platformCode: body.code, code: 'RATE_LIMIT_DAILY', retryable: false },
      ),
    };
  }
  if (status === 401 && body.code === 'INVALID_TOKEN') return { refreshAuth: true, reason: 'Zoho answered 401 INVALID_TOKEN' };
  if (status === 401 || status === 403) {
    return {
      error: new UpstreamError(
        `Zoho refused the access token for ${response.request} (${status} ${body.code ?? ''}: ${body.message ?? 'unauthorized'}); check the OAuth client and that its refresh token was granted ZohoCRM.modules.ALL (or the Contacts and Deals scopes)`,
        { status, platformCode: body.code, code: status === 401 ? 'AUTH_FAILED' : 'FORBIDDEN', retryable: false },
      ),
    };
  }
  return { error: new ZohoError(`Zoho answered ${status} ${body.code ?? ''} for ${response.request}: ${body.message ?? response.text.slice(0, 200)}`, status, body) };
}

import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import { describeEntries, errorEntries, SalesforceError } from './salesforce-error.js';

/**
 * Salesforce's rules for a response, on top of the HTTP kit's defaults (2xx ok, 5xx retried,
 * which covers 503 server busy):
 *
 * - 401 INVALID_SESSION_ID with OAuth: the session ended; refresh once (single-flight) and resend;
 * - any other 401 (or a plain accessToken): a clear, non-retryable AUTH error;
 * - 403 REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded": the org's 24-hour allowance is
 *   spent; stop, not retryable: retrying only burns the next day's calls;
 * - 403 REQUEST_LIMIT_EXCEEDED for concurrent long-running requests: wait and retry, pausing the
 *   whole credential;
 * - other 4xx: a SalesforceError with the entries, for the caller to decide.
 */
export function classifyResponse(response: HttpResponse, oauth: boolean): ResponseVerdict | undefined {
  const { status } = response;
  if (status < 400 || status >= 500 || status === 408 || status === 429) return undefined;
  const entries = errorEntries(response.text);
  const code = entries[0]?.errorCode;
  if (status === 401) {
    if (oauth && code === 'INVALID_SESSION_ID') return { refreshAuth: true, reason: 'the Salesforce session expired (INVALID_SESSION_ID)' };
    const fix = oauth ? 'check clientId, clientSecret and refreshToken' : 'the accessToken is expired or wrong: give a new one, or the OAuth clientId, clientSecret and refreshToken so the sink can refresh';
    return { error: new UpstreamError(`Salesforce refused the credentials (401 ${describeEntries(entries)}): ${fix}`, { status, platformCode: code, code: 'AUTH_FAILED', retryable: false }) };
  }
  if (status === 403 && code === 'REQUEST_LIMIT_EXCEEDED') {
    const message = entries[0]?.message ?? '';
    if (/concurrent/i.test(message)) return { retry: true, reason: `Salesforce limits concurrent requests (${message})`, pauseLimiter: true };
    return {
      error: new UpstreamError(
        `Salesforce's 24-hour API request limit is used up (403 REQUEST_LIMIT_EXCEEDED: ${message || 'TotalRequests Limit exceeded.'}); the stage stopped with its progress saved and resumes on a later run, once the org's rolling 24-hour usage is below its allowance`,
        { status, platformCode: code, code: 'RATE_LIMIT_DAILY', retryable: false },
      ),
    };
  }
  if (status === 403) {
    return { error: new UpstreamError(`Salesforce forbade ${response.request} (403 ${describeEntries(entries)}): the integration user lacks a permission`, { status, platformCode: code, code: 'FORBIDDEN', retryable: false }) };
  }
  return { error: new SalesforceError(`Salesforce answered ${status} for ${response.request}: ${describeEntries(entries)}`, status, entries) };
}

/** The errorCode of a failed response, for UpstreamError.platformCode. */
export function platformCode(response: HttpResponse): string | undefined {
  return errorEntries(response.text)[0]?.errorCode;
}

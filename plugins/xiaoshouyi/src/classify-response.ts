import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';
import { bodyOf, XiaoshouyiError } from './xiaoshouyi-error.js';

/** Without Retry-After, a throttled call waits this long: "frequency-limited" windows are short (UNCONFIRMED). */
const THROTTLE_WAIT_MS = 1_000;

/**
 * Xiaoshouyi's rules for a data API answer, on top of the HTTP kit's defaults (5xx retried).
 * Xiaoshouyi puts its verdict in the body's `code` ("200" is success) as well as, sometimes, the
 * HTTP status; which codes mean what is UNCONFIRMED, so the codes are config (see sink-settings):
 *
 * - HTTP 401, or an expired-token code: refresh the token once (single-flight) and resend;
 * - a daily-quota code: stop, not retryable (retrying burns nothing but time);
 * - HTTP 429, or a throttle code: wait (Retry-After, else a second) and resend, pausing every call
 *   on these credentials;
 * - HTTP 403: the user lacks a permission: a clear, non-retryable error;
 * - any other 4xx, or a 2xx whose code is not 200: a XiaoshouyiError for the caller (a refused record).
 */
export function classifyResponse(response: HttpResponse, settings: SinkSettings): ResponseVerdict | undefined {
  const { status } = response;
  if (status >= 500 || status === 408) return undefined;
  const body = bodyOf(response.text);
  const code = body.code === undefined ? undefined : String(body.code);
  if (status === 401 || (code !== undefined && settings.expiredTokenCodes.includes(code))) {
    return { refreshAuth: true, reason: `the access token was refused (${code ?? status})` };
  }
  if (code !== undefined && settings.dailyQuotaCodes.includes(code)) {
    return {
      error: new UpstreamError(
        `Xiaoshouyi API quota spent (${code}: ${body.msg ?? 'no message'}); the stage stopped with its progress saved and resumes on the next run after the quota resets`,
        { status, platformCode: code, code: 'RATE_LIMIT_DAILY', retryable: false },
      ),
    };
  }
  if (status === 429 || (code !== undefined && settings.throttleCodes.includes(code))) {
    const afterMs = response.headers['retry-after'] !== undefined ? undefined : THROTTLE_WAIT_MS;
    return { retry: true, reason: `Xiaoshouyi throttled the call (${code ?? status}: ${body.msg ?? 'too frequent'})`, afterMs, pauseLimiter: true };
  }
  if (status === 403) {
    return {
      error: new UpstreamError(`Xiaoshouyi forbade ${response.request} (${code ?? 'HTTP 403'}: ${body.msg ?? 'forbidden'}): the sink's user lacks a permission for this object`, {
        status,
        platformCode: code,
        code: 'FORBIDDEN',
        retryable: false,
      }),
    };
  }
  if (status >= 400 || (code !== undefined && code !== '200' && code !== '0')) return { error: new XiaoshouyiError(status, body, response.request) };
  return { ok: true };
}

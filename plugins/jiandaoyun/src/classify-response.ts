import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import { errorBody, JiandaoyunError } from './jiandaoyun-error.js';

/** 超出请求频率限制: HTTP 400 with this code (OFFICIAL 11261). */
export const TOO_FREQUENT = 8303;
/** The call quota is spent (UNCONFIRMED: code chosen for the emulator; see README). */
export const QUOTA_EXHAUSTED = 8302;

/**
 * Jiandaoyun's rules for a response, on top of the HTTP kit's defaults (2xx ok, 5xx retried):
 *
 * - HTTP 400 code 8303 (frequency): wait and retry, pausing the endpoint's bucket;
 * - HTTP 429 (too many calls in flight): wait a moment and retry;
 * - code 8302 (quota spent): stop, typed and not retryable: retrying burns nothing but time;
 * - 401/403: the API key is wrong, deleted, or lacks access to the app: a clear AUTH error;
 * - any other 4xx: a JiandaoyunError with the code and msg, for the caller (a bad value → bisect).
 */
export function classifyResponse(response: HttpResponse): ResponseVerdict | undefined {
  const { status } = response;
  if (status < 400 || status >= 500) return undefined;
  const body = errorBody(response.text);
  if (body.code === TOO_FREQUENT) {
    return { retry: true, reason: `Jiandaoyun frequency limit (${TOO_FREQUENT} ${body.msg ?? ''})`, afterMs: 250 + Math.floor(Math.random() * 100), pauseLimiter: true };
  }
  if (status === 429) return { retry: true, reason: 'Jiandaoyun concurrency limit (429)', afterMs: 100 + Math.floor(Math.random() * 200), pauseLimiter: false };
  if (body.code === QUOTA_EXHAUSTED) {
    return {
      error: new UpstreamError(`Jiandaoyun API call quota exhausted (${QUOTA_EXHAUSTED} ${body.msg ?? ''}); the stage stopped with its progress saved and resumes on a later run`, {
        status,
        platformCode: String(QUOTA_EXHAUSTED),
        code: 'RATE_LIMIT_DAILY',
        retryable: false,
      }),
    };
  }
  const code = body.code === undefined ? `HTTP ${status}` : `${body.code}`;
  if (status === 401 || status === 403) {
    return {
      error: new UpstreamError(`Jiandaoyun refused the API key (${status} ${code}: ${body.msg ?? 'unauthorized'}) for ${response.request}: check apiKey, and that the key may use this app`, {
        status,
        platformCode: body.code === undefined ? undefined : String(body.code),
        code: status === 401 ? 'AUTH_FAILED' : 'FORBIDDEN',
        retryable: false,
      }),
    };
  }
  return { error: new JiandaoyunError(`Jiandaoyun answered ${status} ${code} for ${response.request}: ${body.msg ?? response.text.slice(0, 200)}`, status, body) };
}

import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import type { U8Errcodes } from './sink-settings.js';

/** Every U8 answer: HTTP 200 with a string `errcode` ("0" is success) and `errmsg`, plus the payload. */
export interface U8Answer {
  errcode?: unknown;
  errmsg?: unknown;
  [field: string]: unknown;
}

/** The errcode of an answer as text ("0" is success); "none" when it has none. */
export function errcodeOf(answer: U8Answer): string {
  return answer.errcode === undefined || answer.errcode === null ? 'none' : String(answer.errcode);
}

/** "U8 errcode 20005: 字段 name 超长" — what a refused record's result and a thrown error say. */
export function describeRefusal(answer: U8Answer): string {
  const message = typeof answer.errmsg === 'string' && answer.errmsg !== '' ? answer.errmsg : 'no message';
  return `U8 errcode ${errcodeOf(answer)}: ${message}`;
}

/**
 * U8's rules for an answer, on top of the HTTP kit's defaults (5xx and timeouts retried). U8 says
 * everything inside an HTTP 200, so the errcode decides:
 *
 * - the expired-token errcode: fetch a new token once (single-flight) and resend;
 * - the throttle errcode: wait a rate window, pausing every call of the app key, and retry (a
 *   retried add carries the same tradeid, so it cannot make a second record);
 * - the quota errcode: stop with a typed, non-retryable error: retrying cannot help today;
 * - anything else is the caller's to read (a refused record, a code not found).
 *
 * The three codes are UNCONFIRMED (U8 does not publish them) and come from the config.
 */
export function classifyAnswer(response: HttpResponse, errcodes: U8Errcodes, windowMs: number): ResponseVerdict | undefined {
  if (response.status !== 200) return undefined;
  let answer: U8Answer;
  try {
    answer = response.json<U8Answer>();
  } catch {
    return undefined;
  }
  const errcode = errcodeOf(answer);
  if (errcode === errcodes.tokenExpired) return { refreshAuth: true, reason: `the token expired (${describeRefusal(answer)})` };
  if (errcode === errcodes.throttled) return { retry: true, reason: `U8 throttled the app key (${describeRefusal(answer)})`, afterMs: windowMs, pauseLimiter: true };
  if (errcode === errcodes.quotaExhausted) {
    return {
      error: new UpstreamError(`yonyou-u8: the app's call quota is used up (${describeRefusal(answer)}) for ${response.request}; the stage stopped with its progress saved and goes on in a later run`, {
        status: response.status,
        platformCode: errcode,
        code: 'RATE_LIMIT_DAILY',
        retryable: false,
      }),
    };
  }
  return { ok: true };
}

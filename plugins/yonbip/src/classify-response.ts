import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';

/** YonBIP's throttling codes: system (310032), app (310039), product (310042) and API-level (310046). */
export const THROTTLE_CODES = new Set(['310032', '310039', '310042', '310046']);
/** The token is missing (310001) or not valid (310036, 非法token): renew it once and resend. */
export const TOKEN_CODES = new Set(['310001', '310036']);
/** Still processing an idempotent request (202), gateway timeout (310504): resend the same key later. */
export const PENDING_CODES = new Set(['202', '310504']);

export interface ClassifyOptions {
  throttleWaitMs: number;
  retryAfterMs: number;
}

/**
 * YonBIP's rules for a business call's answer. The gateway answers almost everything with HTTP
 * 200 and a string `code` in the body; only an unregistered path (310404) is an HTTP 404.
 * Business outcomes (200, 999, 100004...) are left to the caller, record by record.
 */
export function classifyResponse(response: HttpResponse, options: ClassifyOptions): ResponseVerdict | undefined {
  const code = platformCode(response);
  if (response.status === 404 || code === '310404') {
    return { error: new UpstreamError(`YonBIP does not know the path of ${response.request} (310404: path not registered)`, { status: response.status, platformCode: '310404', code: 'NOT_FOUND', retryable: false }) };
  }
  if (code === undefined) return undefined;
  if (TOKEN_CODES.has(code)) return { refreshAuth: true, reason: `YonBIP answered ${code} (access token not valid)` };
  if (THROTTLE_CODES.has(code)) return { retry: true, reason: `YonBIP throttled the call (${code})`, afterMs: options.throttleWaitMs, pauseLimiter: true };
  if (PENDING_CODES.has(code)) return { retry: true, reason: `YonBIP is still processing (${code}): the same resubmitCheckKey is sent again`, afterMs: options.retryAfterMs, pauseLimiter: false };
  if (code === '310037') {
    return { error: new UpstreamError(`YonBIP: the app is not authorised for ${response.request} (310037): grant the API to the app`, { status: response.status, platformCode: code, code: 'FORBIDDEN', retryable: false }) };
  }
  return undefined;
}

/** The body's `code` as text (YonBIP sends "200" or 200), when the body is JSON with one. */
export function platformCode(response: HttpResponse): string | undefined {
  try {
    const code = response.json<{ code?: unknown } | null>()?.code;
    return code === undefined || code === null ? undefined : String(code);
  } catch {
    return undefined;
  }
}

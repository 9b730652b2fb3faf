import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';

/** TOP's error envelope, answered with HTTP 200. */
export interface TopErrorBody {
  code?: number | string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
  request_id?: string;
}

/** The flow-control sub_codes of code 7 (App Call Limited). */
const FLOW_CONTROL = /^accesscontrol\./;
/** Codes that mean the session (access token) is missing, invalid or expired. */
const SESSION_CODES = new Set(['26', '27']);

/** The `error_response` of a TOP answer, if it is one. */
export function topError(response: HttpResponse): TopErrorBody | undefined {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return undefined;
  }
  const error = (body as { error_response?: TopErrorBody } | null)?.error_response;
  return error && typeof error === 'object' ? error : undefined;
}

/** "This ban will last for 41 more seconds" → 41. */
export function banSeconds(subMsg: string | undefined): number | undefined {
  const m = /last for (\d+) more seconds?/i.exec(subMsg ?? '');
  return m ? Number(m[1]) : undefined;
}

/** `7 App Call Limited (accesscontrol.limited-by-app-access-count: This ban will last for 41 more seconds)`. */
export function describeTopError(error: TopErrorBody): string {
  const sub = [error.sub_code, error.sub_msg].filter(Boolean).join(': ');
  return `${error.code ?? '?'} ${error.msg ?? ''}${sub ? ` (${sub})` : ''}`.trim();
}

/**
 * What TOP's own error codes mean for a request (they arrive inside HTTP 200):
 * - 7 / accesscontrol.*: a flow-control ban; wait the seconds sub_msg states, plus one.
 * - 26, 27 or a session sub_code: the session is dead; refresh when we can, else re-authorize.
 * - 25: the signature was refused (appSecret or signMethod wrong).
 * - isp.* sub_codes and 10: trouble on TOP's side; retry.
 * - everything else (15 isv.*, 40/41 arguments, 11/12 permissions): the request itself is wrong.
 */
export function classifyTopError(response: HttpResponse, canRefresh: boolean): ResponseVerdict | undefined {
  const error = topError(response);
  if (!error) return undefined;
  const code = String(error.code ?? '');
  const sub = error.sub_code ?? '';
  const what = `taobao answered ${describeTopError(error)} for ${response.request}`;
  if (code === '7' || FLOW_CONTROL.test(sub)) {
    const seconds = banSeconds(error.sub_msg);
    return { retry: true, reason: describeTopError(error), afterMs: seconds === undefined ? undefined : (seconds + 1) * 1000, pauseLimiter: true };
  }
  if (SESSION_CODES.has(code) || /session/i.test(sub)) {
    if (canRefresh) return { refreshAuth: true, reason: describeTopError(error) };
    return {
      error: new UpstreamError(`${what}: the seller's session (access token) is invalid or expired; re-authorize the app and put the new session in the config (or give a refreshToken)`, {
        status: response.status, platformCode: code, code: 'AUTH_FAILED', retryable: false,
      }),
    };
  }
  if (code === '25') {
    return { error: new UpstreamError(`${what}: the signature was refused; check appSecret and signMethod`, { status: response.status, platformCode: code, code: 'AUTH_FAILED', retryable: false }) };
  }
  if (code === '28' || code === '29') {
    return { error: new UpstreamError(`${what}: check appKey`, { status: response.status, platformCode: code, code: 'AUTH_FAILED', retryable: false }) };
  }
  if (code === '10' || sub.startsWith('isp.')) return { retry: true, reason: describeTopError(error) };
  return { error: new UpstreamError(what, { status: response.status, platformCode: sub || code, code: 'UPSTREAM_REJECTED', retryable: false }) };
}

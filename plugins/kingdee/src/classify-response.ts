import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';
import { describeStatus, MSG_CALL_LIMITED, MSG_SESSION_LOST, responseStatus } from './response-status.js';

export interface ClassifyOptions {
  auth: 'session' | 'signature';
  /** The wait after a MsgCode 14, ms. */
  throttleBackoffMs: number;
}

/**
 * Kingdee's rules for an answer, on top of the HTTP kit's defaults. Kingdee answers HTTP 200 for
 * business failures, so the signals are in the body's ResponseStatus:
 *
 * - MsgCode 1 (会话信息已丢失，请重新登录): with a session, log in again once (single-flight) and
 *   resend; with signature headers there is no session to renew: the credentials are refused.
 * - MsgCode 14 (call limited): wait throttleBackoffMs, pausing every call of the credential, and
 *   resend; the same record is sent again, never a second one.
 * - a non-200 "Fail to verify thirty passport" (sic; a wrong acctId): a credential error.
 * - a body starting `response_error:` (the SDKs check for it): a call-level error.
 *
 * Other failures (Errors with a field) are the caller's: per record, in BatchSave's answer.
 */
export function classifyResponse(response: HttpResponse, options: ClassifyOptions): ResponseVerdict | undefined {
  if (/thirty passport/i.test(response.text)) {
    return { error: authError(`Kingdee refused the account (${response.status}: Fail to verify thirty passport) for ${response.request}: check the credentials, acctId first`, 'PASSPORT') };
  }
  if (response.status < 200 || response.status >= 300) return undefined;
  if (response.text.startsWith('response_error:')) {
    return { error: new UpstreamError(`Kingdee answered an error for ${response.request}: ${response.text.slice(0, 300)}`, { status: response.status, code: 'UPSTREAM_REJECTED', retryable: false }) };
  }
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return undefined;
  }
  const status = responseStatus(body);
  if (status?.MsgCode === MSG_SESSION_LOST) {
    if (options.auth === 'session') return { refreshAuth: true, reason: 'Kingdee lost the session (MsgCode 1)' };
    return { error: authError(`Kingdee refused the signed request (${describeStatus(status)}) for ${response.request}: check the credentials appId, appSecret, acctId and userName`, '1') };
  }
  if (status?.MsgCode === MSG_CALL_LIMITED) {
    return { retry: true, reason: 'Kingdee limited the call (MsgCode 14)', afterMs: options.throttleBackoffMs, pauseLimiter: true };
  }
  return undefined;
}

function authError(message: string, platformCode: string): UpstreamError {
  return new UpstreamError(message, { status: 200, platformCode, code: 'AUTH_FAILED', retryable: false });
}

import { UpstreamError, type HttpResponse, type ResponseVerdict } from '@datong/sdk';

/** Token errors: 40001 invalid credential (or not the latest token), 42001 expired, 40014 malformed. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/** The AppID/AppSecret pair or the caller is refused: no retry or refresh can help. */
const CREDENTIAL_ERRCODES: Record<number, string> = {
  40013: 'the appId is not valid',
  40125: 'the appSecret is not valid',
  41004: 'the appSecret is missing',
  40002: 'the grant_type is not valid',
  40164: "this server's IP address is not on the account's IP whitelist: add it in the WeChat admin console",
  48001: 'the account is not authorized for this API (permission set 131): grant it, or re-authorize the service provider',
};

/** What a WeChat body says: `{errcode, errmsg}` (absent or 0 = ok). */
export interface WechatStatus {
  errcode?: number;
  errmsg?: string;
}

/** The errcode of a response, undefined when the body is not JSON or has none. */
export function errcodeOf(response: HttpResponse): number | undefined {
  try {
    const code = response.json<WechatStatus>()?.errcode;
    return typeof code === 'number' ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * WeChat's rules for a response: errors come inside HTTP 200 as `{errcode, errmsg}`. 45011 (minute
 * quota) waits to the next minute and retries; 45009 (daily quota) stops the run with a clear,
 * non-retryable error; token errors renew the shared token once (or, for a token managed
 * elsewhere, fail telling the user to supply a fresh one); -1 (system busy) retries.
 */
export function classifyWechat(response: HttpResponse, options: { fixedToken: boolean; minuteQuotaWaitMs?: number; now?: () => number }): ResponseVerdict | undefined {
  if (response.status !== 200) return undefined;
  const code = errcodeOf(response);
  if (code === undefined || code === 0) return { ok: true };
  const said = `errcode ${code}${errmsgOf(response)}`;
  const where = `wechat-shop: ${response.request} answered ${said}`;
  if (code === 45011) {
    const now = (options.now ?? Date.now)();
    return { retry: true, reason: `minute quota reached (${said})`, afterMs: options.minuteQuotaWaitMs ?? 60_000 - (now % 60_000) + 250, pauseLimiter: true };
  }
  if (code === -1) return { retry: true, reason: `system busy (${said})` };
  if (code === 45009) {
    return {
      error: new UpstreamError(`${where}: the daily API quota is used up; this run stops here and the next run goes on after it resets (midnight Beijing time, or clear_quota)`, {
        code: 'RATE_LIMIT_DAILY', platformCode: String(code), status: 200, retryable: false,
      }),
    };
  }
  if (TOKEN_ERRCODES.has(code)) {
    if (!options.fixedToken) return { refreshAuth: true, reason: `access token refused (${said})` };
    return {
      error: new UpstreamError(`${where}: the configured accessToken was refused; re-authorize and supply a fresh access token`, {
        code: 'AUTH_FAILED', platformCode: String(code), status: 200, retryable: false,
      }),
    };
  }
  const credential = CREDENTIAL_ERRCODES[code];
  if (credential !== undefined) {
    return { error: new UpstreamError(`${where}: ${credential} (check the app's credentials)`, { code: 'AUTH_FAILED', platformCode: String(code), status: 200, retryable: false }) };
  }
  return { error: new UpstreamError(where, { code: 'UPSTREAM_REJECTED', platformCode: String(code), status: 200, retryable: false }) };
}

function errmsgOf(response: HttpResponse): string {
  try {
    const msg = response.json<WechatStatus>()?.errmsg;
    return typeof msg === 'string' && msg !== '' ? ` "${msg.slice(0, 200)}"` : '';
  } catch {
    return '';
  }
}

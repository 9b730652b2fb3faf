/**
 * How the emulated tenant behaves where Xiaoshouyi's sources are silent (UNCONFIRMED) or a tenant
 * decides. Set them at start (`startEmulator({ settings })`, or `datong emulate xiaoshouyi --set
 * requestsPerWindow=5`) or at run time through `POST /_emulator/settings`.
 */
export interface XiaoshouyiEmulatorSettings {
  /** Access-token lifetime, seconds: Xiaoshouyi documents 2 hours. */
  tokenLifetimeSeconds: number;
  /** Refresh-token lifetime, seconds: Xiaoshouyi documents 2 months. */
  refreshTokenLifetimeSeconds: number;
  /** Whether the token answer carries `expires_in` (the documented fields are access_token, refresh_token, token_type, id: false). */
  includeExpiresIn: boolean;
  /** Whether a refresh issues a new refresh token and retires the old one (UNCONFIRMED: false). */
  rotateRefreshTokens: boolean;
  /** How a call with a dead token is answered (UNCONFIRMED): HTTP 401, or HTTP 200 with `code` expiredTokenCode. */
  expiredTokenStyle: 'http-401' | 'code-in-200';
  expiredTokenCode: string;
  /** One-shot: after this many more authenticated calls, every access token issued so far dies. Cleared when it fires. */
  expireTokensAfterCalls?: number;
  /** The frequency limit (UNCONFIRMED numbers): accepted data calls per window, and the window, ms. */
  requestsPerWindow: number;
  windowMs: number;
  /** How a call over the limit is answered (UNCONFIRMED): HTTP 429, or HTTP 200 with `code` throttleCode. */
  throttleStyle: 'http-429' | 'code-in-200';
  throttleCode: string;
  /** Retry-After seconds on a throttle answer; 0 sends none. */
  retryAfterSeconds: number;
  /** Data calls a day before the quota answer; 0 is no quota (UNCONFIRMED). */
  dailyLimit: number;
  dailyQuotaCode: string;
  /** How a refused record (or query) is answered (UNCONFIRMED): HTTP 400, or HTTP 200 with the code. */
  errorStyle: 'http-400' | 'code-in-200';
  /** The code of a field validation failure (UNCONFIRMED). */
  validationErrorCode: string;
  /** The most values one XOQL IN (...) list takes (UNCONFIRMED). */
  maxXoqlInValues: number;
  /** The longest accountName Xiaoshouyi takes (UNCONFIRMED). */
  accountNameMaxLength: number;
  /** One-shot, for tests: the next this-many creates are stored, then answered 503 as if the answer were lost on the way. */
  loseCreateAnswers?: number;
}

export const DEFAULT_SETTINGS: XiaoshouyiEmulatorSettings = {
  tokenLifetimeSeconds: 7200,
  refreshTokenLifetimeSeconds: 60 * 86_400,
  includeExpiresIn: false,
  rotateRefreshTokens: false,
  expiredTokenStyle: 'http-401',
  expiredTokenCode: '401',
  requestsPerWindow: 10,
  windowMs: 1000,
  throttleStyle: 'http-429',
  throttleCode: '429',
  retryAfterSeconds: 0,
  dailyLimit: 0,
  dailyQuotaCode: '430',
  errorStyle: 'http-400',
  validationErrorCode: '400',
  maxXoqlInValues: 100,
  accountNameMaxLength: 100,
};

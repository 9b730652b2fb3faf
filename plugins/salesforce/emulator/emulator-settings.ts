/**
 * How the emulated org behaves where Salesforce's documentation leaves a choice, an org's edition
 * decides, or a test needs a shorter clock. Set them at start (`startEmulator({ settings })`, or
 * `datong emulate salesforce --set dailyLimit=500`) or at run time with `POST /_emulator/settings`.
 */
export interface SalesforceEmulatorSettings {
  /** Seconds a session lives without being used (Salesforce's default session timeout: 2 hours); each call extends it. */
  sessionTimeoutSeconds: number;
  /** Whether a refresh answers a new refresh token and retires the old one (refresh-token rotation; off by default in a connected app). */
  rotateRefreshTokens: boolean;
  /** One-shot: after this many more authenticated calls every session issued so far dies (401 INVALID_SESSION_ID). Cleared when it fires. */
  expireTokensAfterCalls?: number;
  /** API requests allowed per rolling 24 hours before 403 REQUEST_LIMIT_EXCEEDED (TotalRequests). Enterprise Edition's base: 100,000 (UNCONFIRMED for any given org). */
  dailyLimit: number;
  /**
   * Requests allowed per `windowMs` before the throttle answer. Salesforce publishes no such
   * limit (only the daily total and concurrent long-running requests): unset by default, for tests.
   */
  requestsPerWindow?: number;
  /** The throttle window, ms. */
  windowMs: number;
  /**
   * The throttle answer (UNCONFIRMED): 'concurrent-403' is 403 REQUEST_LIMIT_EXCEEDED
   * "ConcurrentPerOrgLongTxn Limit exceeded."; 'busy-503' is 503 SERVER_UNAVAILABLE.
   */
  throttle: 'concurrent-403' | 'busy-503';
  /** The most records one sObject Collections call takes (200). */
  maxCollectionSize: number;
  /** Records per query page before nextRecordsUrl (2,000 by default in Salesforce). */
  queryBatchSize: number;
  /** Polls of a closed Bulk API 2.0 job before it is JobComplete (each poll moves it one state: UploadComplete → InProgress → JobComplete). */
  bulkPollsToComplete: number;
}

export const DEFAULT_SETTINGS: SalesforceEmulatorSettings = {
  sessionTimeoutSeconds: 7200,
  rotateRefreshTokens: false,
  dailyLimit: 100_000,
  windowMs: 1000,
  throttle: 'concurrent-403',
  maxCollectionSize: 200,
  queryBatchSize: 2000,
  bulkPollsToComplete: 2,
};

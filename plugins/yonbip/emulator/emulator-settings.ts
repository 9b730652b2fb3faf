/**
 * How the emulated tenant behaves where YonBIP documents a number, or leaves a choice. Give them
 * at start (`startEmulator({ settings })`, `datong emulate yonbip --set name=value`) or change
 * them at run time through `POST /_emulator/settings`.
 */
export interface YonbipEmulatorSettings {
  /** Access-token lifetime, seconds (`expire` in the token answer): 7200 on YonBIP. */
  tokenTtlSeconds: number;
  /**
   * One-shot: after this many more business calls made with a valid token, every token issued so
   * far dies (the next call answers 310036). Cleared when it fires. Tests use it for "a token
   * that dies mid-run".
   */
  expireTokensAfterCalls?: number;
  /** How long the gateway replays the first success of a resubmitCheckKey, ms (1 hour); after it, 100004. */
  resubmitWindowMs: number;
  /** Calls allowed per window to EACH sales-order endpoint (singleSave, list, detail): 60 (published free quota). */
  orderCallsPerWindow: number;
  /** Calls allowed per window to each other /yonbip endpoint: 0 = unlimited (YonBIP publishes none: UNCONFIRMED). */
  otherCallsPerWindow: number;
  /** The throttle window, ms: 60 000 (per minute); shorter in tests. Sliding: any window of this length. */
  rateWindowMs: number;
  /** One-shot: the next this-many idempotent saves answer 202 (still processing) before being done, for retry tests. */
  processingAnswers?: number;
}

export const DEFAULT_SETTINGS: YonbipEmulatorSettings = {
  tokenTtlSeconds: 7200,
  resubmitWindowMs: 3_600_000,
  orderCallsPerWindow: 60,
  otherCallsPerWindow: 0,
  rateWindowMs: 60_000,
};

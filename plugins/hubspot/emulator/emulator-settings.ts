/**
 * How the emulated account behaves where HubSpot's documentation leaves a choice or an account's
 * plan decides. Change them at start (`startEmulator({ settings })`) or at run time through
 * `POST /_emulator/settings`.
 */
export interface HubSpotEmulatorSettings {
  /**
   * What a batch upsert with some invalid inputs answers (UNCONFIRMED in HubSpot's docs):
   * '207' writes the valid inputs and lists the others in `errors` (HTTP 207 Multi-Status);
   * '400-whole-batch' writes nothing and answers 400 VALIDATION_ERROR.
   */
  partialErrors: '207' | '400-whole-batch';
  /** Requests allowed per rolling interval (the ten-secondly limit): 100 on Free/Starter. */
  burst: number;
  /** The rolling interval, ms: 10 000 in HubSpot; shorter in tests. */
  intervalMs: number;
  /** Requests allowed per day before the DAILY limit answers. */
  dailyLimit: number;
  /** Lifetime of an OAuth access token, seconds (HubSpot: 1800). */
  tokenTtlSeconds: number;
  /** Whether a refresh issues a new refresh token and retires the old one (HubSpot keeps it: false). */
  rotateRefreshTokens: boolean;
  /** Whether a ten-secondly 429 carries Retry-After (HubSpot: "sometimes"). */
  retryAfterOn429: boolean;
  /** The most inputs one batch call accepts. */
  maxBatchSize: number;
  /**
   * One-shot: after this many more calls made with an OAuth token, every OAuth token issued so far
   * expires (a token dying mid-sync, at a point a test can name). Cleared when it fires.
   */
  expireTokensAfterCalls?: number;
}

export const DEFAULT_SETTINGS: HubSpotEmulatorSettings = {
  partialErrors: '207',
  burst: 100,
  intervalMs: 10_000,
  dailyLimit: 250_000,
  tokenTtlSeconds: 1800,
  rotateRefreshTokens: false,
  retryAfterOn429: false,
  maxBatchSize: 100,
};

/**
 * How the emulated Zoho account behaves where Zoho's documentation leaves a number to the edition
 * or says nothing. Set them at start (`startEmulator({ settings })`, or `datong emulate zoho --set
 * name=value`) or at run time through `POST /_emulator/settings`.
 */
export interface ZohoEmulatorSettings {
  /** The api_domain the token answer names; default the emulator's own URL (one server plays accounts and API). */
  apiDomain?: string;
  /** Lifetime of an access token, seconds (Zoho: 3600). */
  tokenTtlSeconds: number;
  /** Access tokens one refresh token may mint per tokenWindowMs before "Access Denied" (Zoho: 10 per 10 minutes). */
  tokensPerWindow: number;
  tokenWindowMs: number;
  /** Live access tokens per refresh token; minting one more invalidates the oldest (Zoho v8 docs: 15; platforms.md: 30). */
  maxLiveTokens: number;
  /** One-shot: after this many more authenticated API calls, every access token issued so far dies (answers INVALID_TOKEN). */
  expireTokensAfterCalls?: number;
  /** API calls accepted per windowMs before 429 TOO_MANY_REQUESTS. UNCONFIRMED: Zoho documents no such window; 100 per minute. */
  requestsPerWindow: number;
  windowMs: number;
  /** API calls in flight at once before 429 TOO_MANY_REQUESTS (Zoho: 5 to 25 by edition; 10 for upsert, search and COQL). */
  concurrencyLimit: number;
  /** Time each API call is held (counted as in flight), ms: makes the concurrency cap reachable. */
  latencyMs: number;
  /** API credits per rolling 24 hours, one per call (UNCONFIRMED cost: Zoho charges some calls more); then 429 with creditsExhaustedCode. */
  dailyCredits: number;
  /** The code of the credits-exhausted 429 (UNCONFIRMED). */
  creditsExhaustedCode: string;
  /** Seconds of Retry-After on a 429 TOO_MANY_REQUESTS; none by default (UNCONFIRMED that Zoho sends it). */
  retryAfterSeconds?: number;
  /** The most records per upsert and ids per get or delete (Zoho: 100). */
  maxBatchSize: number;
  /** HTTP status of an upsert where some records were refused (UNCONFIRMED: 207 Multi-Status). All refused: 400; none: 200. */
  partialStatus: number;
}

export const DEFAULT_SETTINGS: ZohoEmulatorSettings = {
  tokenTtlSeconds: 3600,
  tokensPerWindow: 10,
  tokenWindowMs: 600_000,
  maxLiveTokens: 15,
  requestsPerWindow: 100,
  windowMs: 60_000,
  concurrencyLimit: 10,
  latencyMs: 0,
  dailyCredits: 50_000,
  creditsExhaustedCode: 'LIMIT_EXCEEDED',
  maxBatchSize: 100,
  partialStatus: 207,
};

import type { DatongError } from '../errors.js';
import type { TokenBucket } from './token-bucket.js';

/** One call to a platform, relative to the client's `baseUrl`. */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Joined to baseUrl; may be an absolute URL (a `next` link, a token endpoint). */
  path: string;
  /** Appended to the URL; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON body (sets content-type application/json). */
  json?: unknown;
  /** Form body, application/x-www-form-urlencoded (OAuth token endpoints, TOP gateways). */
  form?: Record<string, string>;
  /** A raw body (CSV upload etc.). */
  body?: string | Uint8Array;
  /** Tokens to take from the limiter before sending (default 1). */
  cost?: number;
  /** Overrides of the client's timeout (per attempt) and retry count, for this request. */
  timeoutMs?: number;
  retries?: number;
  /**
   * Sending it twice may do it twice (a create with no idempotency key). Then only an answer that
   * proves nothing was done is resent: a 429 or a plugin's rate-limit verdict (`pauseLimiter`),
   * or a connection refused before sending. A timeout, a dropped connection or a 5xx may have
   * done it, so the request fails (retryable: the caller looks up what exists, then tries again).
   */
  notIdempotent?: boolean;
  /** Sends without auth headers (a token endpoint). */
  noAuth?: boolean;
}

/** What the platform answered. The body is read whole: platform APIs page their answers. */
export interface HttpResponse {
  status: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON body (throws UpstreamError naming the request when the body is not JSON). */
  json<T = any>(): T;
  /** `METHOD url` with secrets redacted: for error messages. */
  request: string;
}

/**
 * What the platform's own rules say about a response. Return undefined to let the defaults
 * decide: 2xx ok; 408/425/429/5xx retry (honouring Retry-After, seconds or HTTP date); 401 with an
 * auth that can refresh → refresh once, single-flight, and resend; other 4xx → non-retryable
 * UpstreamError.
 *
 * @example
 *   // Shopify GraphQL throttles inside an HTTP 200.
 *   classify: (r) => r.json().errors?.[0]?.extensions?.code === 'THROTTLED'
 *     ? { retry: true, reason: 'throttled', afterMs: 1000, pauseLimiter: true } : undefined
 */
export type ResponseVerdict =
  | { ok: true }
  | {
      retry: true;
      reason: string;
      /** How long the platform asks us to wait; else Retry-After, else exponential backoff. */
      afterMs?: number;
      /** Pause the shared limiter too, so every request on this credential waits. */
      pauseLimiter?: boolean;
    }
  /** The token is dead: refresh (single-flight) and resend once. */
  | { refreshAuth: true; reason: string }
  /** Fail with this typed error (e.g. a DAILY limit: UpstreamError, retryable false, code 'RATE_LIMIT_DAILY'). */
  | { error: DatongError };

/** How requests are authenticated. `OAuth2Refresh` and `headerAuth` are the stock ones. */
export interface HttpAuth {
  /** Adds headers (or query params) to a request; may refresh first when the token is known to be expired. */
  apply(request: { headers: Record<string, string>; query: Record<string, string> }): Promise<void>;
  /**
   * Refreshes after `failedWith` was rejected; concurrent callers share one refresh
   * (single-flight). A later token than failedWith means someone already refreshed: resolve at once.
   */
  refresh?(failedWith: string | undefined): Promise<void>;
  /** The token value currently applied (to pass to refresh). */
  current?(): string | undefined;
  /** Whether a plain 401 should trigger refresh (default true when refresh exists). */
  refreshOn401?: boolean;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** The platform's name, for messages: "shopify answered 503 ...". */
  platform: string;
  /** Per attempt, from sending to the last byte of the body; default 30_000. */
  timeoutMs?: number;
  /** Attempts after the first; default 6. */
  retries?: number;
  /** First backoff delay; default 250. Doubles per retry, full jitter, capped by maxDelayMs. */
  minDelayMs?: number;
  /** Default 30_000. A Retry-After above it is still honoured, up to maxRetryAfterMs. */
  maxDelayMs?: number;
  /**
   * The longest Retry-After the client sleeps through; default 300_000 (5 minutes). A platform
   * that asks for longer gets a retryable error at once: a later run goes on, nothing blocks.
   */
  maxRetryAfterMs?: number;
  limiter?: TokenBucket;
  auth?: HttpAuth;
  headers?: Record<string, string>;
  classify?: (response: HttpResponse) => ResponseVerdict | undefined;
  /** Called with every response (e.g. to feed a limiter from rate-limit headers). */
  observe?: (response: HttpResponse) => void;
  /** The platform's own error code in a failed response (Salesforce `errorCode`), for `UpstreamError.platformCode`. */
  platformCode?: (response: HttpResponse) => string | undefined;
}

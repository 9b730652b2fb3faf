import { UpstreamError, type DatongError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redactor.js';
import { abortableSleep } from './abortable-sleep.js';
import { backoffDelay } from './backoff-delay.js';
import type { HttpClientOptions, HttpRequest, HttpResponse, ResponseVerdict } from './http-types.js';
import { parseRetryAfter } from './retry-after.js';
import { describeRequest, learnSecrets, requestRedaction } from './secret-names.js';
import { NOT_SENT_CODES, sendAttempt, type AttemptOutcome } from './send-attempt.js';

export type { HttpAuth, HttpClientOptions, HttpRequest, HttpResponse, ResponseVerdict } from './http-types.js';

/** A failed attempt that certainly did nothing: throttled, or never sent. */
function provablyNotDone(outcome: AttemptOutcome, failure: Failure): boolean {
  if (outcome.kind === 'response') return outcome.status === 429 || failure.pauseLimiter === true;
  return outcome.kind === 'network' && outcome.code !== undefined && NOT_SENT_CODES.has(outcome.code);
}

/** Why an attempt failed, in the terms both the retry log line and the final error need. */
interface Failure {
  /** The final error's message: "shopify answered 503 for GET https://…: <excerpt>". */
  message: string;
  /** The log line's reason: "answered 503", a classify reason. */
  reason: string;
  code: string;
  retryable: boolean;
  status?: number;
  platformCode?: string;
  afterMs?: number;
  pauseLimiter?: boolean;
  cause?: unknown;
}

const EXCERPT_CHARS = 300;

type Redact = (text: string) => string;

/**
 * The one way a plugin calls a platform: a shared rate limiter, authentication with single-flight
 * token refresh, a timeout per attempt, retries with backoff that honour Retry-After, the
 * platform's own throttle signals (`classify`), typed errors, and no secret in any message or log
 * line. Get one from `ctx.http(options)`, which binds it to the run's logger, signal and redactor.
 *
 * @example
 *   const api = ctx.http({ baseUrl: `https://${shop}.myshopify.com/admin/api/2025-07`, platform: 'shopify',
 *     limiter: ctx.rateLimiter(`shopify:${shop}`, { capacity: 40, refillPerSecond: 2 }),
 *     auth: headerAuth({ 'X-Shopify-Access-Token': token }) });
 *   const orders = (await api.request({ path: '/orders.json', query: { limit: 250 } })).json();
 */
export class HttpClient {
  constructor(
    readonly options: HttpClientOptions,
    private readonly ctx: { logger: Logger; signal: AbortSignal; redactor: Redactor },
  ) {}

  /**
   * Sends with limiter, auth, timeouts and retries; resolves with an ok response or throws a typed
   * DatongError (UpstreamError with status/platformCode; `retryable` tells whether a later run may
   * succeed). Aborting the run's signal rejects at once with the signal's reason.
   */
  async request(request: HttpRequest): Promise<HttpResponse> {
    const { options } = this;
    const method = request.method ?? 'GET';
    const retries = request.retries ?? options.retries ?? 6;
    const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? 30_000;
    const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
    // Waits listen on a per-request signal, so a hundred concurrent requests do not pile a hundred
    // listeners on the run's one long-lived signal.
    const scope = AbortSignal.any([this.ctx.signal]);
    const auth = request.noAuth ? undefined : options.auth;
    let refreshed = false;
    let retry = 0;
    for (;;) {
      if (scope.aborted) throw scope.reason;
      await options.limiter?.take(request.cost ?? 1, scope);
      const headers: Record<string, string> = { ...options.headers, ...request.headers };
      const authQuery: Record<string, string> = {};
      // After the limiter: a long wait there must not send a token that expired meanwhile.
      await auth?.apply({ headers, query: authQuery });
      const token = auth?.current?.();
      const url = this.url(request, authQuery);
      const description = describeRequest(method, url, this.ctx.redactor);
      const redact = requestRedaction(this.ctx.redactor, url);
      const body = this.body(request, headers);
      learnSecrets(headers, this.ctx.redactor);

      const outcome = await sendAttempt(url, { method, headers, body }, timeoutMs, scope);
      let failure: Failure;
      if (outcome.kind === 'response') {
        const response = this.response(outcome, description, redact);
        options.observe?.(response);
        const canRefresh = auth?.refresh !== undefined && auth.refreshOn401 !== false;
        const verdict = options.classify?.(response) ?? this.defaultVerdict(response, canRefresh, redact);
        if ('ok' in verdict) return response;
        if ('error' in verdict) throw redacted(verdict.error, redact);
        if ('refreshAuth' in verdict) {
          if (auth?.refresh && !refreshed) {
            refreshed = true;
            await auth.refresh(token);
            continue;
          }
          const again = refreshed ? ' (still refused after a token refresh)' : '';
          throw new UpstreamError(`${this.headline(response, redact)}${again}`, {
            status: response.status,
            platformCode: options.platformCode?.(response),
            code: 'AUTH_FAILED',
            retryable: false,
          });
        }
        // A 429 speaks for the whole credential unless the plugin's rules say otherwise.
        const pauseLimiter = verdict.pauseLimiter ?? response.status === 429;
        failure = {
          message: this.headline(response, redact),
          reason: redact(verdict.reason),
          code: response.status === 429 || pauseLimiter ? 'RATE_LIMITED' : 'UPSTREAM_UNAVAILABLE',
          retryable: true,
          status: response.status,
          platformCode: options.platformCode?.(response),
          afterMs: verdict.afterMs ?? parseRetryAfter(response.headers['retry-after']),
          pauseLimiter,
        };
      } else {
        failure = this.transportFailure(outcome, description, timeoutMs, redact);
      }
      if (!failure.retryable) throw this.error(failure, retry + 1);
      if (request.notIdempotent && !provablyNotDone(outcome, failure)) {
        throw this.error({ ...failure, message: `${failure.message}; not sent again here: it may have been done, and sending it twice could do it twice` }, retry + 1);
      }

      retry++;
      const asked = failure.afterMs;
      if (failure.pauseLimiter && asked !== undefined) options.limiter?.pause(Math.min(asked, maxRetryAfterMs));
      if (asked !== undefined && asked > maxRetryAfterMs) {
        throw this.error({ ...failure, message: `${failure.message}; it asks to wait ${seconds(asked)} s, longer than this run waits` }, retry);
      }
      if (retry > retries) throw this.error(failure, retry);
      const wait = asked ?? backoffDelay(retry, options.minDelayMs ?? 250, options.maxDelayMs ?? 30_000);
      if (failure.pauseLimiter && asked === undefined) options.limiter?.pause(wait);
      this.ctx.logger.warn(`${options.platform}: ${failure.reason}; retry ${retry} of ${retries} in ${seconds(wait)} s`, {
        platform: options.platform,
        request: description,
        reason: failure.reason,
        status: failure.status,
        waitMs: wait,
        retry,
      });
      await abortableSleep(wait, scope);
    }
  }

  private url(request: HttpRequest, authQuery: Record<string, string>): URL {
    const absolute = /^https?:\/\//i.test(request.path);
    const url = new URL(absolute ? request.path : joinPath(this.options.baseUrl, request.path));
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.append(name, String(value));
    }
    for (const [name, value] of Object.entries(authQuery)) url.searchParams.set(name, value);
    return url;
  }

  private body(request: HttpRequest, headers: Record<string, string>): string | Uint8Array | undefined {
    const setType = (type: string): void => {
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['content-type'] = type;
    };
    if (request.json !== undefined) {
      setType('application/json');
      return JSON.stringify(request.json);
    }
    if (request.form !== undefined) {
      setType('application/x-www-form-urlencoded');
      learnSecrets(request.form, this.ctx.redactor);
      return new URLSearchParams(request.form).toString();
    }
    return request.body;
  }

  private response(outcome: Extract<AttemptOutcome, { kind: 'response' }>, description: string, redact: Redact): HttpResponse {
    const { status, headers, text } = outcome;
    const describe = (): string => this.headline({ status, text, request: description }, redact);
    let parsed: { value: unknown } | undefined;
    return {
      status,
      headers,
      text,
      request: description,
      json<T>(): T {
        if (!parsed) {
          try {
            parsed = { value: JSON.parse(text) };
          } catch (cause) {
            throw new UpstreamError(`${describe()} (the body is not JSON)`, { status, code: 'BAD_RESPONSE', cause });
          }
        }
        return parsed.value as T;
      },
    };
  }

  private defaultVerdict(response: HttpResponse, canRefresh: boolean, redact: Redact): ResponseVerdict {
    const { status } = response;
    if (status >= 200 && status < 300) return { ok: true };
    if (status === 401 && canRefresh) return { refreshAuth: true, reason: 'answered 401' };
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      return { retry: true, reason: `answered ${status}` };
    }
    return {
      error: new UpstreamError(this.headline(response, redact), {
        status,
        platformCode: this.options.platformCode?.(response),
        code: status === 401 ? 'AUTH_FAILED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'UPSTREAM_REJECTED',
        retryable: false,
      }),
    };
  }

  private transportFailure(
    outcome: Exclude<AttemptOutcome, { kind: 'response' }>,
    description: string,
    timeoutMs: number,
    redact: Redact,
  ): Failure {
    const { platform } = this.options;
    if (outcome.kind === 'timeout') {
      return {
        message: `${platform} did not answer ${description} within ${timeoutMs} ms`,
        reason: `no answer within ${timeoutMs} ms`,
        code: 'TIMEOUT',
        retryable: true,
      };
    }
    const what = outcome.code ?? redact(String((outcome.error as Error)?.message ?? outcome.error));
    return {
      message: `${platform} could not be reached for ${description} (${what})`,
      reason: `connection failed (${what})`,
      code: 'NETWORK_ERROR',
      retryable: outcome.retryable,
      cause: outcome.error,
    };
  }

  /** "shopify answered 403 for POST https://…: <short body excerpt>", secrets redacted. */
  private headline(response: Pick<HttpResponse, 'status' | 'text' | 'request'>, redact: Redact): string {
    const excerpt = redact(response.text.replace(/\s+/g, ' ').trim());
    const short = excerpt.length > EXCERPT_CHARS ? `${excerpt.slice(0, EXCERPT_CHARS)}…` : excerpt;
    return `${this.options.platform} answered ${response.status} for ${response.request}${short ? `: ${short}` : ''}`;
  }

  private error(failure: Failure, attempts: number): UpstreamError {
    const tail = failure.retryable && attempts > 1 ? ` (gave up after ${attempts} attempts)` : '';
    return new UpstreamError(`${failure.message}${tail}`, {
      status: failure.status,
      platformCode: failure.platformCode,
      code: failure.code,
      retryable: failure.retryable,
      cause: failure.cause,
    });
  }

}

/** A plugin's classify may quote the body in its error: the redactor gets the last word. */
function redacted(error: DatongError, redact: Redact): DatongError {
  error.message = redact(error.message);
  if (error.stack) error.stack = redact(error.stack);
  return error;
}

function joinPath(baseUrl: string, path: string): string {
  if (path === '') return baseUrl;
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(ms < 10_000 ? 2 : 0);
}

import { request, type Dispatcher } from 'undici';

/** What one attempt came to: an answer (of any status), no answer in time, or no connection. */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown; code: string | undefined; retryable: boolean };

// The connection failed before the platform decided anything: sending again is safe to try.
const RETRYABLE_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);
// The request never left: nothing can have been done, even by a request that is not idempotent.
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Sends one request and reads the whole body, giving up after `timeoutMs`. Aborting `scope` (the
 * run's signal) rejects at once with its reason; every other failure is an outcome, for the
 * caller's retry rules.
 */
export async function sendAttempt(
  url: URL,
  init: { method: Dispatcher.HttpMethod; headers: Record<string, string>; body: string | Uint8Array | undefined },
  timeoutMs: number,
  scope: AbortSignal,
): Promise<AttemptOutcome> {
  if (scope.aborted) throw scope.reason;
  // A controller of our own per attempt (not one derived from the run's signal), so nothing that
  // undici leaves attached to it can keep it alive for the whole run.
  const attempt = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, timeoutMs);
  const onAbort = (): void => attempt.abort(scope.reason);
  scope.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await request(url, { ...init, signal: attempt.signal });
    const text = await response.body.text();
    return { kind: 'response', status: response.statusCode, headers: flatten(response.headers), text };
  } catch (error) {
    if (scope.aborted) throw scope.reason;
    const code = errorCode(error);
    if (timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) return { kind: 'timeout' };
    return { kind: 'network', error, code, retryable: code !== undefined && RETRYABLE_CODES.has(code) };
  } finally {
    clearTimeout(timer);
    scope.removeEventListener('abort', onAbort);
  }
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

import { DatongError, Redactor, UpstreamError } from '@datong/sdk';

/**
 * SQLSTATEs a retry of the same statement can cure: the connection went away (class 08), the
 * server is shutting down or starting (57P01-57P03), it ran out of resources (class 53), or
 * the transaction lost a race (40001 serialization failure, 40P01 deadlock, 55P03 lock timeout).
 */
const RETRYABLE_STATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03']);
const RETRYABLE_CLASSES = new Set(['08', '53']);
/** Node's socket errors: nothing was decided on the server. */
const RETRYABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** pg raises these without a code when a connection dies or cannot be had in time. */
const RETRYABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * The one place that decides what a database failure means: an `UpstreamError` whose
 * `platformCode` is the SQLSTATE (or Node's socket code) and whose `retryable` says whether the
 * same call may succeed later. Data errors (22xxx, 23xxx), syntax and permission errors are not
 * retryable. The message never holds the connection string or its password: `secrets` (the url,
 * the password) are scrubbed from it, and the cause is kept only when it is a database or
 * socket error (whose fields hold neither) and its message holds no secret either.
 *
 * @example
 *   catch (error) { throw classifyPgError(error, 'upsert into "public"."orders"', [url]); }
 */
export function classifyPgError(error: unknown, action: string, secrets: readonly string[] = []): DatongError {
  if (error instanceof DatongError) return error;
  const code =
    typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = describe(error) || (code ?? 'unknown error');
  const redactor = new Redactor();
  for (const secret of secrets) redactor.add(secret);
  const fromServerOrSocket = (code !== undefined && /^[0-9A-Z]{5}$/.test(code)) || isSocketError(error);
  const keepCause = fromServerOrSocket && redactor.text(message) === message;
  return new UpstreamError(
    redactor.text(`Postgres ${action} failed: ${message}${code === undefined ? '' : ` (${code})`}`),
    {
      platformCode: code,
      retryable: isRetryablePgFailure(code, message),
      cause: keepCause ? error : undefined,
      code: 'POSTGRES_ERROR',
    },
  );
}

/** Errors from the socket layer carry a syscall; others (a URL that failed to parse) may carry the url itself. */
function isSocketError(error: unknown): boolean {
  if (error instanceof AggregateError) return error.errors.every(isSocketError);
  return typeof (error as { syscall?: unknown } | null)?.syscall === 'string';
}

/** Node reports a refused connection to a name with several addresses as an AggregateError with no message. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(describe).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** Retryable or not, from a SQLSTATE or Node error code and, for pg's codeless errors, the message. */
export function isRetryablePgFailure(code: string | undefined, message: string): boolean {
  if (code === undefined) return RETRYABLE_MESSAGES.test(message);
  return RETRYABLE_STATES.has(code) || RETRYABLE_CLASSES.has(code.slice(0, 2)) || RETRYABLE_NODE_CODES.has(code);
}

/** The url and its password (as written and decoded): what must never appear in a message. */
export function connectionSecrets(url: string): string[] {
  const secrets = [url];
  try {
    const password = new URL(url).password;
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL (a libpq key=value string): the whole string is scrubbed, which covers its password.
  }
  return secrets;
}

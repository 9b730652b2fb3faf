/**
 * Every error datong raises is a `DatongError`: a stable `code`, an optional `cause`, and whether
 * retrying the same call can succeed. Retryable or not is decided once, here, by the kind of error,
 * so no caller has to guess from a message.
 *
 * @example
 *   throw new UpstreamError('shop answered 503', { status: 503, retryable: true });
 */
export class DatongError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(message: string, options: { code?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'DATONG_ERROR';
    this.retryable = options.retryable ?? false;
  }
}

/**
 * Where in a configuration something is wrong. Lines and columns count from 1. A plugin, which
 * never sees the pipeline file, gives the pointer within its own config (and, if it helps, the
 * data file concerned); the engine places it in the pipeline file.
 */
export interface ConfigLocation {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer to the offending value, e.g. `/stages/0/to`. */
  pointer?: string;
}

/** A pipeline file, a plugin manifest or a plugin config that cannot be used as written. */
export class ConfigError extends DatongError {
  readonly problems: (ConfigLocation & { message: string })[];

  constructor(problems: (ConfigLocation & { message: string })[], options: { cause?: unknown } = {}) {
    super(problems.map(formatProblem).join('\n'), { ...options, code: 'CONFIG_INVALID' });
    this.problems = problems;
  }
}

function formatProblem(p: ConfigLocation & { message: string }): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':');
  return `${where}${p.pointer === undefined ? '' : ` (${p.pointer || '/'})`}: ${p.message}`;
}

/** A call to a platform or database failed. `status` is the HTTP status where there is one. */
export class UpstreamError extends DatongError {
  readonly status: number | undefined;
  readonly platformCode: string | undefined;

  constructor(
    message: string,
    options: { status?: number; platformCode?: string; retryable?: boolean; cause?: unknown; code?: string } = {},
  ) {
    super(message, { code: options.code ?? 'UPSTREAM_ERROR', retryable: options.retryable, cause: options.cause });
    this.status = options.status;
    this.platformCode = options.platformCode;
  }
}

/** One record that cannot be used: it goes to the dead letters with this message; the run goes on. */
export class RecordError extends DatongError {
  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, { code: options.code ?? 'RECORD_INVALID', cause: options.cause });
  }
}

/** A record broke its JSON Schema contract. `errors` are Ajv's, as Ajv reported them. */
export class ContractViolation extends RecordError {
  readonly errors: readonly { instancePath: string; message?: string; keyword: string; params: unknown }[];

  constructor(message: string, errors: ContractViolation['errors']) {
    super(message, { code: 'CONTRACT_VIOLATION' });
    this.errors = errors;
  }
}

/** The state store could not be opened, migrated or written. */
export class StoreError extends DatongError {
  constructor(message: string, options: { code?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(message, { code: options.code ?? 'STORE_ERROR', ...options });
  }
}

/** Is this a failure that a retry of the same call may cure? Errors that say nothing are not. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof DatongError) return error.retryable;
  const code = (error as { code?: unknown } | null)?.code;
  // Node's own network failures: the connection went away, nothing was decided upstream.
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code);
}

import pRetry from 'p-retry';
import { isRetryable } from './errors.js';

export interface RetryOptions {
  /** Attempts after the first. */
  retries?: number;
  /** First delay in milliseconds; each next one doubles, with full jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number) => void;
}

/**
 * Runs `fn`, retrying with exponential backoff and jitter only when the error says it is
 * retryable (see `isRetryable`); any other error is thrown at once.
 *
 * @example
 *   const rows = await withRetry(() => sink.write(batch), { retries: 5 });
 */
export function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(fn, {
    retries: options.retries ?? 5,
    minTimeout: options.minDelayMs ?? 200,
    maxTimeout: options.maxDelayMs ?? 30_000,
    factor: 2,
    randomize: true,
    signal: options.signal,
    shouldRetry: (error) => isRetryable(error),
    onFailedAttempt: (error) => {
      if (isRetryable(error)) options.onRetry?.(error, error.attemptNumber);
    },
  });
}

import type { HttpResponse, TokenBucket, TokenBucketOptions } from '@datong/sdk';

/**
 * A token bucket that keeps to a rolling window of `max` calls per `intervalMs`. A bucket the size
 * of the window (capacity max, refill max per interval) lets through up to twice `max` in one
 * window: a full burst, then the refill. HubSpot counts a rolling window, so the burst is a fiftieth
 * of it (2 of 100) and the refill the rest: burst + refill over any window stays within `max`, and a
 * steady stream runs at 98% of the limit (a tenth as burst left a tenth of every window unused).
 */
export function pacing(max: number, intervalMs: number): TokenBucketOptions {
  const capacity = Math.max(1, Math.ceil(max / 50));
  const refill = Math.max(max - capacity, 1) / (intervalMs / 1000);
  return { capacity, refillPerSecond: refill };
}

/**
 * Feeds the limiter from HubSpot's rate-limit headers: the account's real window (`-Max`,
 * `-Interval-Milliseconds`) replaces the configured one, and a `-Remaining` lower than the bucket
 * holds (another app spends the same account's allowance) is adopted.
 */
export function rateLimitObserver(limiter: TokenBucket): (response: HttpResponse) => void {
  let window = '';
  return (response) => {
    const max = numberHeader(response, 'x-hubspot-ratelimit-max');
    const interval = numberHeader(response, 'x-hubspot-ratelimit-interval-milliseconds');
    if (max !== undefined && interval !== undefined && max > 0 && interval > 0 && `${max}/${interval}` !== window) {
      window = `${max}/${interval}`;
      limiter.update(pacing(max, interval));
    }
    const remaining = numberHeader(response, 'x-hubspot-ratelimit-remaining');
    if (remaining !== undefined && remaining < limiter.available) limiter.update({ available: remaining });
  };
}

function numberHeader(response: HttpResponse, name: string): number | undefined {
  const value = response.headers[name];
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

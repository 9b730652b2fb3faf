import type { TokenBucketOptions } from '@datong/sdk';

/** The share of the limit the sink plans to use: calls sent evenly may still arrive bunched by the network. */
const HEADROOM = 0.9;

/**
 * A token bucket that keeps to `max` calls in any window of `windowMs`: a burst of a tenth of
 * them, and the rest spread over the window, planning for 90% of `max` so that calls the network
 * bunches up on their way still arrive within it. A bucket as big as the window (capacity max,
 * refill max per window) would let up to twice `max` through one window: a full burst, then the
 * refill.
 */
export function pacing(max: number, windowMs: number): TokenBucketOptions {
  const planned = Math.max(1, Math.floor(max * HEADROOM));
  const capacity = Math.max(1, Math.ceil(planned / 10));
  const refill = Math.max(planned - capacity, 1) / (windowMs / 1000);
  return { capacity, refillPerSecond: refill };
}

import type { TokenBucketOptions } from '@datong/sdk';

/**
 * Slack added to each quota window, ms: calls leave evenly spaced, but the network can bunch them
 * up on arrival; a quarter second per window keeps any window the gateway counts within the quota.
 */
export const WINDOW_SLACK_MS = 250;

/**
 * A bucket that spends `perWindow` calls per `windowMs` evenly and never bursts: capacity one,
 * refilled every (window + slack) / perWindow. A bigger bucket would let a burst and the refill
 * behind it put more than the quota into one window; one call at a time uses the quota fully.
 */
export function evenPacing(perWindow: number, windowMs: number): TokenBucketOptions {
  return { capacity: 1, refillPerSecond: perWindow / ((windowMs + WINDOW_SLACK_MS) / 1000) };
}

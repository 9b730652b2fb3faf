/**
 * The wait before retry number `retry` (1 for the first): exponential from `minDelayMs`, capped
 * at `maxDelayMs`, with full jitter (a uniform pick below the cap), so many clients that failed
 * together do not come back together.
 */
export function backoffDelay(retry: number, minDelayMs: number, maxDelayMs: number, random: () => number = Math.random): number {
  const cap = Math.min(maxDelayMs, minDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(random() * cap);
}

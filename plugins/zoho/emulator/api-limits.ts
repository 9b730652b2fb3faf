import type { ZohoEmulatorSettings } from './emulator-settings.js';

export type LimitHit = 'window' | 'concurrency' | 'credits';

/**
 * The account's counters: API credits over a rolling 24 hours, calls in a rolling window, and calls
 * in flight. A refused call counts against none of them (UNCONFIRMED).
 */
export class ApiLimits {
  private window: number[] = [];
  private credits: number[] = [];
  inFlight = 0;
  /** The most calls that were ever in flight at once. */
  peakInFlight = 0;

  constructor(
    private readonly settings: ZohoEmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Admits one call (the caller must `release()` it), or says which limit refuses it. */
  admit(): LimitHit | undefined {
    const now = this.now();
    this.window = this.window.filter((at) => at > now - this.settings.windowMs);
    this.credits = this.credits.filter((at) => at > now - 86_400_000);
    if (this.credits.length >= this.settings.dailyCredits) return 'credits';
    if (this.inFlight >= this.settings.concurrencyLimit) return 'concurrency';
    if (this.window.length >= this.settings.requestsPerWindow) return 'window';
    this.window.push(now);
    this.credits.push(now);
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    return undefined;
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Ms until the oldest call leaves the window. */
  msUntilSlot(): number {
    const oldest = this.window[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.settings.windowMs - this.now());
  }

  reset(): void {
    this.window = [];
    this.credits = [];
  }

  creditsUsed(): number {
    return this.credits.length;
  }
}

import type { HubSpotEmulatorSettings } from './emulator-settings.js';

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY';

/**
 * The account's two counters: a rolling window of accepted calls and a daily count. Refused
 * calls do not count against either (UNCONFIRMED; HubSpot does not say).
 */
export class RateLimits {
  private window: number[] = [];
  private daily = 0;

  constructor(
    private readonly settings: HubSpotEmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call, or says which policy refuses it. */
  admit(): RateLimitPolicy | undefined {
    this.prune();
    if (this.daily >= this.settings.dailyLimit) return 'DAILY';
    if (this.window.length >= this.settings.burst) return 'TEN_SECONDLY_ROLLING';
    this.window.push(this.now());
    this.daily++;
    return undefined;
  }

  /** Calls counted against the daily limit so far. */
  dailyUsed(): number {
    return this.daily;
  }

  resetDaily(): void {
    this.daily = 0;
  }

  reset(): void {
    this.window = [];
    this.daily = 0;
  }

  /** How long until the oldest call in the window leaves it, ms. */
  msUntilSlot(): number {
    this.prune();
    const oldest = this.window[0];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.settings.intervalMs - this.now());
  }

  /** The headers HubSpot puts on every response of a private app. */
  headers(): Record<string, string> {
    this.prune();
    return {
      'x-hubspot-ratelimit-daily': String(this.settings.dailyLimit),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.settings.dailyLimit - this.daily)),
      'x-hubspot-ratelimit-interval-milliseconds': String(this.settings.intervalMs),
      'x-hubspot-ratelimit-max': String(this.settings.burst),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, this.settings.burst - this.window.length)),
    };
  }

  private prune(): void {
    const since = this.now() - this.settings.intervalMs;
    while (this.window.length > 0 && this.window[0]! <= since) this.window.shift();
  }
}

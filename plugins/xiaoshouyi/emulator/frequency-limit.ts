import type { XiaoshouyiEmulatorSettings } from './emulator-settings.js';

/**
 * The tenant's call counters: a sliding window of accepted data calls (requestsPerWindow per
 * windowMs) and a daily count. Refused calls count against neither (UNCONFIRMED).
 */
export class FrequencyLimit {
  private window: number[] = [];
  private daily = 0;

  constructor(
    private readonly settings: XiaoshouyiEmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call, or says why it is refused. */
  admit(): 'throttled' | 'quota' | undefined {
    const now = this.now();
    while (this.window.length > 0 && this.window[0]! <= now - this.settings.windowMs) this.window.shift();
    if (this.settings.dailyLimit > 0 && this.daily >= this.settings.dailyLimit) return 'quota';
    if (this.window.length >= this.settings.requestsPerWindow) return 'throttled';
    this.window.push(now);
    this.daily++;
    return undefined;
  }

  /** Seconds until the oldest call leaves the window, at least 1. */
  secondsUntilSlot(): number {
    const oldest = this.window[0];
    return oldest === undefined ? 1 : Math.max(1, Math.ceil((oldest + this.settings.windowMs - this.now()) / 1000));
  }

  reset(): void {
    this.window = [];
    this.daily = 0;
  }
}

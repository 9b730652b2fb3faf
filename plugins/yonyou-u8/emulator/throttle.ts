import type { U8EmulatorSettings } from './emulator-settings.js';

/**
 * The app key's call counters: a rolling window (throttleRequests per throttleWindowMs) and a
 * quota of calls in all (dailyQuota). Refused calls count against neither (UNCONFIRMED).
 */
export class Throttle {
  private window: number[] = [];
  private used = 0;

  constructor(
    private readonly settings: U8EmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call, or says which limit refuses it. */
  admit(): 'throttled' | 'quota' | undefined {
    const { throttleRequests, throttleWindowMs, dailyQuota } = this.settings;
    if (dailyQuota > 0 && this.used >= dailyQuota) return 'quota';
    const since = this.now() - throttleWindowMs;
    while (this.window.length > 0 && this.window[0]! <= since) this.window.shift();
    if (throttleRequests > 0 && this.window.length >= throttleRequests) return 'throttled';
    this.window.push(this.now());
    this.used++;
    return undefined;
  }

  reset(): void {
    this.window = [];
    this.used = 0;
  }
}

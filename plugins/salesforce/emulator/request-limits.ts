import type { SalesforceEmulatorSettings } from './emulator-settings.js';

/**
 * The org's request counters: the rolling 24-hour total Salesforce documents (reported in
 * Sforce-Limit-Info, refused with REQUEST_LIMIT_EXCEEDED when spent) and, for tests, an optional
 * window limit. Refused calls count against neither (UNCONFIRMED).
 */
export class RequestLimits {
  private window: number[] = [];
  used = 0;

  constructor(
    private readonly settings: SalesforceEmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Counts one call, or says which limit refuses it. */
  admit(): 'daily' | 'window' | undefined {
    if (this.used >= this.settings.dailyLimit) return 'daily';
    const perWindow = this.settings.requestsPerWindow;
    if (perWindow !== undefined) {
      const since = this.now() - this.settings.windowMs;
      while (this.window.length > 0 && this.window[0]! <= since) this.window.shift();
      if (this.window.length >= perWindow) return 'window';
      this.window.push(this.now());
    }
    this.used++;
    return undefined;
  }

  /** `api-usage=used/limit`. */
  header(): string {
    return `api-usage=${this.used}/${this.settings.dailyLimit}`;
  }

  reset(): void {
    this.window = [];
    this.used = 0;
  }
}

import type { JiandaoyunEmulatorSettings } from './emulator-settings.js';

/**
 * Jiandaoyun's frequency limits: a count per fixed window (a second by default) for all calls of
 * a key and one per endpoint. Refused calls are not counted (UNCONFIRMED). Also the calls in
 * flight, for the concurrency limit.
 */
export class RateWindows {
  private window = -1;
  private readonly counts = new Map<string, number>();
  private inFlight = 0;
  /** Calls made in all, for the quota. */
  used = 0;

  constructor(
    private readonly settings: JiandaoyunEmulatorSettings,
    private readonly now: () => number,
  ) {}

  /** Counts a call to `endpoint`, or answers which limit refuses it. */
  admit(endpoint: string): 'global' | 'endpoint' | 'quota' | undefined {
    const current = Math.floor(this.now() / this.settings.windowMs);
    if (current !== this.window) {
      this.window = current;
      this.counts.clear();
    }
    if (this.settings.quota !== undefined && this.used >= this.settings.quota) return 'quota';
    const global = this.counts.get('*') ?? 0;
    if (global >= this.settings.globalLimit) return 'global';
    const limit = this.settings.endpointLimits[endpoint];
    const own = this.counts.get(endpoint) ?? 0;
    if (limit !== undefined && own >= limit) return 'endpoint';
    this.counts.set('*', global + 1);
    this.counts.set(endpoint, own + 1);
    this.used++;
    return undefined;
  }

  /** Takes a concurrency slot, or false when the key has the most calls in flight. */
  enter(): boolean {
    if (this.inFlight >= this.settings.maxConcurrent) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}

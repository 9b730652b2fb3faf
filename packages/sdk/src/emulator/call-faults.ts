import { SeededRandom } from '../seeded-random.js';
import type { FaultOptions } from './fault-options.js';

export type CallFault = 'rate-limit' | '5xx';

/**
 * Decides which injected fault, if any, answers a platform call: the rate limit first, then a
 * 5xx burst, then random 5xx — the order a platform's gateway would answer in.
 */
export class CallFaults {
  private calls = 0;
  private rateLimitBase = 0;
  private random: SeededRandom;

  constructor(private readonly seed: number) {
    this.random = new SeededRandom(seed);
  }

  /** Restarts the rateLimitAfter count: "after N calls" means N calls from now. */
  rearmRateLimit(): void {
    this.rateLimitBase = this.calls;
  }

  /** Zero calls, and the random faults start their sequence again (reproducible after a reset). */
  reset(): void {
    this.calls = 0;
    this.rateLimitBase = 0;
    this.random = new SeededRandom(this.seed);
  }

  /** Counts one call and returns its fault, with the faults as they stand after it (a burst counts down). */
  decide(faults: FaultOptions): { fault?: CallFault; faults: FaultOptions } {
    this.calls += 1;
    const after = faults.rateLimitAfter;
    if (after !== undefined) {
      const n = this.calls - this.rateLimitBase;
      const limit = faults.rateLimitCalls;
      if (n > after && (limit === undefined || n <= after + limit)) return { fault: 'rate-limit', faults };
    }
    if (faults.errorBurst !== undefined && faults.errorBurst >= 1) {
      const left = Math.floor(faults.errorBurst) - 1;
      const next = { ...faults };
      if (left > 0) next.errorBurst = left;
      else delete next.errorBurst;
      return { fault: '5xx', faults: next };
    }
    if (faults.errorRatio !== undefined && faults.errorRatio > 0 && this.random.next() < faults.errorRatio) {
      return { fault: '5xx', faults };
    }
    return { faults };
  }
}

/** `extensions.cost.throttleStatus` of a response. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * The shop's leaky bucket of query-cost points (per app and shop): it holds `maximumAvailable`
 * points and restores `restoreRate` per second. A query needs its requested cost in the bucket
 * before it runs; afterwards the difference to its actual cost is given back.
 */
export class CostBucket {
  private available: number;
  private at: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number,
  ) {
    this.available = maximumAvailable;
    this.at = now();
  }

  /** Takes `cost` points if the bucket holds them; false (and nothing taken) when it does not. */
  take(cost: number): boolean {
    this.restore();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back what a query did not use. */
  refund(points: number): void {
    this.restore();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.restore();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  private restore(): void {
    const now = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }
}

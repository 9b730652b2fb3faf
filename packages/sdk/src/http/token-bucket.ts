import { DatongError } from '../errors.js';

export interface TokenBucketOptions {
  /** The most tokens the bucket holds (the platform's burst). */
  capacity: number;
  /** Tokens added per second (the platform's sustained rate). */
  refillPerSecond: number;
}

/** How the bucket schedules its wake-ups: real timers by default, a fake clock's in tests. */
export interface BucketTimer {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimer: BucketTimer = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Waiter {
  cost: number;
  resolve(): void;
  reject(reason: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

// Refill arithmetic is floating point: a waiter due "now" may find 0.9999999 of its one token.
const EPSILON = 1e-9;

/**
 * A token bucket shared by every request made with one credential. Waiters are served first come,
 * first served, so a large request is not starved by a stream of small ones. The server's own view
 * (`update`) and its demands to back off (`pause`) override the bucket's estimate.
 *
 * @example
 *   const bucket = ctx.rateLimiter(`shopify:${shop}`, { capacity: 40, refillPerSecond: 2 });
 *   await bucket.take(1, ctx.signal);
 */
export class TokenBucket {
  private capacity: number;
  private refillPerSecond: number;
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private wakeHandle: unknown;

  constructor(
    options: TokenBucketOptions,
    private readonly now: () => number = Date.now,
    private readonly timer: BucketTimer = realTimer,
  ) {
    checkOptions(options);
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.tokens = options.capacity;
    this.refilledAt = now();
  }

  /** Current tokens, after refill (fractional between whole tokens). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /**
   * Waits until `cost` tokens are available (first come, first served), then takes them. Rejects
   * with the signal's reason when aborted; a cost above the capacity could never be served and is
   * refused at once.
   */
  take(cost = 1, signal?: AbortSignal): Promise<void> {
    if (!(cost >= 0) || cost > this.capacity) {
      return Promise.reject(
        new DatongError(`a request costing ${cost} tokens can never fit a bucket of ${this.capacity}`, {
          code: 'RATE_LIMIT_COST',
        }),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.refill();
    if (this.waiters.length === 0 && !this.paused() && this.tokens + EPSILON >= cost) {
      this.tokens = Math.max(0, this.tokens - cost);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { cost, resolve, reject, signal };
      if (signal) {
        waiter.onAbort = () => {
          this.remove(waiter);
          reject(signal.reason);
          this.drain(); // the next in line may fit now that this one left
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /**
   * The server told us its real state (Shopify's throttleStatus, HubSpot's
   * X-HubSpot-RateLimit-Remaining): adopt it.
   */
  update(state: { available?: number; capacity?: number; refillPerSecond?: number }): void {
    this.refill();
    if (state.capacity !== undefined && state.capacity > 0) this.capacity = state.capacity;
    if (state.refillPerSecond !== undefined && state.refillPerSecond >= 0) this.refillPerSecond = state.refillPerSecond;
    if (state.available !== undefined && Number.isFinite(state.available)) this.tokens = state.available;
    this.tokens = Math.min(Math.max(this.tokens, 0), this.capacity);
    // A smaller capacity can strand a waiter forever: tell it instead of hanging.
    for (const waiter of [...this.waiters]) {
      if (waiter.cost > this.capacity) {
        this.remove(waiter);
        waiter.reject(
          new DatongError(`a request costing ${waiter.cost} tokens can never fit a bucket of ${this.capacity}`, {
            code: 'RATE_LIMIT_COST',
          }),
        );
      }
    }
    this.drain();
  }

  /** Nobody takes a token for `ms` (a 429 with Retry-After pauses every user of the credential). */
  pause(ms: number): void {
    if (!(ms > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.schedule();
  }

  private paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  private refill(): void {
    const now = this.now();
    const elapsed = now - this.refilledAt;
    if (elapsed > 0) this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1000);
    this.refilledAt = now;
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  private drain(): void {
    this.refill();
    while (!this.paused()) {
      const head = this.waiters[0];
      if (!head || this.tokens + EPSILON < head.cost) break;
      this.tokens = Math.max(0, this.tokens - head.cost);
      this.remove(head);
      head.resolve();
    }
    this.schedule();
  }

  /** Sets one timer for the moment the head waiter can go; none when nobody waits. */
  private schedule(): void {
    if (this.wakeHandle !== undefined) this.timer.clear(this.wakeHandle);
    this.wakeHandle = undefined;
    const head = this.waiters[0];
    if (!head) return;
    this.refill();
    const now = this.now();
    let wait = Math.max(0, this.pausedUntil - now);
    const missing = head.cost - this.tokens;
    if (missing > EPSILON) {
      // With no refill only update() can bring tokens: it drains, so no timer is needed.
      if (this.refillPerSecond <= 0) return;
      wait = Math.max(wait, (missing * 1000) / this.refillPerSecond);
    }
    this.wakeHandle = this.timer.set(() => {
      this.wakeHandle = undefined;
      this.drain();
    }, Math.ceil(wait));
  }
}

function checkOptions(options: TokenBucketOptions): void {
  if (!(options.capacity > 0) || !Number.isFinite(options.capacity)) {
    throw new DatongError(`a token bucket needs a positive capacity, not ${options.capacity}`, { code: 'CONFIG_INVALID' });
  }
  if (!(options.refillPerSecond >= 0) || !Number.isFinite(options.refillPerSecond)) {
    throw new DatongError(`a token bucket needs a refill rate of 0 or more, not ${options.refillPerSecond}`, {
      code: 'CONFIG_INVALID',
    });
  }
}

import { TokenBucket, type TokenBucketOptions } from '@datong/sdk';

/**
 * A bucket that keeps to `limit` calls per one-second window. Jiandaoyun counts per second, so a
 * bucket holding a second's worth would let a burst and the refill through in one second; this one
 * holds one call and refills at the limit, with 2% to spare so that network jitter cannot put an
 * extra call into the platform's window.
 */
export function perSecond(limit: number): TokenBucketOptions {
  return { capacity: 1, refillPerSecond: limit * 0.98 };
}

/**
 * The limiter one endpoint's HTTP client uses: a token from the endpoint's own bucket, then one
 * from the key's global bucket (both shared by every sink of the process using the same key).
 * A frequency answer (8303) pauses the endpoint's bucket, so the calls queued behind it wait too.
 */
export class EndpointLimiter extends TokenBucket {
  constructor(
    private readonly endpoint: TokenBucket,
    private readonly global: TokenBucket,
  ) {
    super({ capacity: 1, refillPerSecond: 1 });
  }

  override async take(cost = 1, signal?: AbortSignal): Promise<void> {
    await this.endpoint.take(cost, signal);
    await this.global.take(cost, signal);
  }

  override pause(ms: number): void {
    this.endpoint.pause(ms);
  }

  override get available(): number {
    return Math.min(this.endpoint.available, this.global.available);
  }
}

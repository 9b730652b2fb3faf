// PLACEHOLDER (lead): the HTTP-kit helper replaces this file with the implementation.
export interface TokenBucketOptions { capacity: number; refillPerSecond: number }
export class TokenBucket {
  constructor(readonly options: TokenBucketOptions, _now?: () => number) {}
  get available(): number { return this.options.capacity; }
  async take(_cost = 1, _signal?: AbortSignal): Promise<void> { throw new Error('not implemented'); }
  update(_state: { available?: number; capacity?: number; refillPerSecond?: number }): void {}
  pause(_ms: number): void {}
}

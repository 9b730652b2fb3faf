/** What a platform's documented rate limit allows the write path, and how close a run came to it. */
export interface WriteLimit {
  /** Requests the limit admits per window (HubSpot: 100 per 10 s; Jiandaoyun batch_create: 10 per s). */
  perWindow: number;
  windowMs: number;
  /** Records one write request carries at most (HubSpot: 100; Jiandaoyun batch_create: 100; YonBIP singleSave: 1). */
  recordsPerWrite: number;
  /** Where the limit is documented. */
  source: string;
}

/** What each request of a run was for, by the emulator's route. */
export type RequestKind = 'write' | 'look-up' | 'read-back' | 'association' | 'token' | 'setup' | 'other';

export interface LimitRatio {
  /** From the first to the last request counted against the limit, seconds. */
  spanSeconds: number;
  recordsPerSecond: number;
  /** Requests counted against the limit, and how many of them were writes. */
  requests: number;
  writeRequests: number;
  /** records/s ÷ (recordsPerWrite × perWindow ÷ window): against the most the limit allows, every request a full write. */
  ofLimit: number;
  /**
   * records/s ÷ (recordsPerWrite × the writes' share of the limit): against what the limit leaves
   * for writes once the look-ups, read-backs and associations counted against it took their share.
   */
  ofWhatIsLeft: number;
}

/**
 * The ratios for `records` written by the requests at `times` (ms; those counted against the
 * limit), `writes` of them writes, over the span from the first to the last. The most the limit
 * allows is its sustained rate, recordsPerWrite × perWindow per window. A window also admits a
 * full window's worth at once, so a client that bursts can beat 1 over a short run; datong's
 * sinks pace evenly (no burst), and the runs span several windows.
 */
export function limitRatio(limit: WriteLimit, records: number, times: number[], writes: number): LimitRatio {
  const spanMs = Math.max(1, Math.max(...times) - Math.min(...times));
  const recordsPerSecond = records / (spanMs / 1000);
  const most = (limit.recordsPerWrite * limit.perWindow * 1000) / limit.windowMs;
  const writeShare = times.length === 0 ? 1 : writes / times.length;
  return {
    spanSeconds: spanMs / 1000,
    recordsPerSecond,
    requests: times.length,
    writeRequests: writes,
    ofLimit: recordsPerSecond / most,
    ofWhatIsLeft: recordsPerSecond / (most * writeShare),
  };
}

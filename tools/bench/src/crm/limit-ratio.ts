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
  /** The shortest span in which the limit admits the same requests: (⌈requests / perWindow⌉ − 1) windows. */
  idealSeconds: number;
  recordsPerSecond: number;
  /** Requests counted against the limit, and how many of them were writes. */
  requests: number;
  writeRequests: number;
  /** records/s ÷ (perWindow × recordsPerWrite per window): against everything the limit would carry if every request were a full write. */
  ofLimit: number;
  /**
   * idealSeconds ÷ spanSeconds: against what the limit leaves for writes once the look-ups,
   * read-backs and associations the run needed have taken their share. 1 means the run sent its
   * requests as fast as the limit admits them.
   */
  ofWhatIsLeft: number;
}

/**
 * The ratios for `records` written by the requests at `times` (ms; the requests counted against
 * the limit), `writes` of them writes. A rolling or fixed window admits one window's worth at
 * once and one more per window after, so R requests need at least (⌈R / perWindow⌉ − 1) windows
 * from the first to the last: a client that sends exactly as fast as the limit allows scores 1,
 * whatever R is. Counting every request against a full write is `ofLimit`.
 */
export function limitRatio(limit: WriteLimit, records: number, times: number[], writes: number): LimitRatio {
  const spanMs = Math.max(1, Math.max(...times) - Math.min(...times));
  const idealMs = (Math.ceil(times.length / limit.perWindow) - 1) * limit.windowMs;
  const recordsPerSecond = records / (spanMs / 1000);
  return {
    spanSeconds: spanMs / 1000,
    idealSeconds: idealMs / 1000,
    recordsPerSecond,
    requests: times.length,
    writeRequests: writes,
    ofLimit: recordsPerSecond / ((limit.perWindow * limit.recordsPerWrite * 1000) / limit.windowMs),
    ofWhatIsLeft: Math.min(1, idealMs / spanMs),
  };
}

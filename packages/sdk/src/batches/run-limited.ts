import pLimit from 'p-limit';

/** `items` in slices of at most `size`, in order: the batches of a platform's batch call. */
export function slices<T>(items: T[], size: number): T[][] {
  if (!(size >= 1)) throw new RangeError(`slice size must be at least 1, not ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `fn` over `items`, `concurrency` at a time, and gives the results in input order, so a
 * platform's rate limiter rather than one call's latency sets a sink's pace. After one call fails
 * no further call starts (a spent daily quota must not be followed by more calls); the calls
 * already under way finish, then the first failure is thrown. `between` runs before every call
 * but the first (a sink's `ctx.fault('mid-batch')`).
 *
 * @example
 *   const outcomes = await runLimited(slices(writes, 100), 4, (slice) => api.upsert(slice));
 */
export async function runLimited<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
  options: { between?: () => void } = {},
): Promise<R[]> {
  const limit = pLimit(Math.max(1, concurrency));
  let failure: { error: unknown } | undefined;
  let started = 0;
  const settled = await Promise.allSettled(
    items.map((item, index) =>
      limit(async () => {
        if (failure) throw failure.error;
        if (started++ > 0) options.between?.();
        try {
          return await fn(item, index);
        } catch (error) {
          failure ??= { error };
          throw error;
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/** `runLimited` over the slices of `items`: a batch call per slice of `size`, `concurrency` at a time. */
export function runSlices<T, R>(items: T[], size: number, concurrency: number, fn: (slice: T[], index: number) => Promise<R>): Promise<R[]> {
  return runLimited(slices(items, size), concurrency, fn);
}

/** One write per key, the last version of each (a key twice in one batch: the later one wins), in first-seen order. */
export function latestByKey<W extends { key: string }>(batch: W[]): W[] {
  const latest = new Map<string, W>();
  for (const write of batch) latest.set(write.key, write);
  return [...latest.values()];
}

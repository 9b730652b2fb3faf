import pLimit from 'p-limit';

/** Jiandaoyun's most records per batch_create and rows per data/list page (OFFICIAL 14220, 14223). */
export const SLICE = 100;

export function slices<T>(items: T[], size = SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `fn` over the slices of `items`, `concurrency` at a time, so the per-endpoint buckets and
 * not one call's latency set the pace: while one slice waits for its batch_create token, the next
 * one's look-up is already on its way. After a slice fails no further slice starts (a spent quota
 * must not be followed by more calls); those under way finish, then the first failure is thrown.
 */
export async function runSlices<T, R>(items: T[], concurrency: number, fn: (slice: T[], index: number) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    slices(items).map((slice, index) =>
      limit(async () => {
        if (failure) throw failure.error;
        try {
          return await fn(slice, index);
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

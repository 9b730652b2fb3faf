import pLimit from 'p-limit';

/** `items` in slices of `size`. */
export function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `fn` over the slices, `concurrency` at a time. After one slice fails no further slice
 * starts (a used-up daily limit must not be followed by more calls); the calls under way finish,
 * then the first failure is thrown.
 */
export async function runBatches<T, R>(parts: T[][], concurrency: number, fn: (slice: T[], index: number) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    parts.map((slice, index) =>
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

import pLimit from 'p-limit';

/** `items` in slices of `size`. */
export function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `fn` over `items`, `concurrency` at a time, answering in input order. After one call fails
 * no further call starts (a spent daily quota must not be followed by more calls); those under way
 * finish, then the first failure is thrown.
 */
export async function runLimited<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    items.map((item) =>
      limit(async () => {
        if (failure) throw failure.error;
        try {
          return await fn(item);
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

import pLimit from 'p-limit';

/**
 * Runs `fn` over `items`, `concurrency` at a time, in input order of results. YonBIP saves one
 * record per call, so a few in flight let one record's look-up overlap another's save while the
 * rate limiters set the pace. `between` runs before every item but the first (the crash-test hook).
 * After one item throws (a throttle that never eased, a dead credential) no further item starts;
 * those under way finish, then the first failure is thrown.
 */
export async function runEach<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>, between?: () => void): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failure: { error: unknown } | undefined;
  let started = 0;
  const settled = await Promise.allSettled(
    items.map((item) =>
      limit(async () => {
        if (failure) throw failure.error;
        if (started++ > 0) between?.();
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

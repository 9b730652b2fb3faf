import pLimit from 'p-limit';

/** How many records one round of a write handles: the tradeids of a round are stored in one state write. */
export const ROUND_SIZE = 50;

/** `items` in slices of `size`. */
export function slices<T>(items: T[], size = ROUND_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `fn` for each item, `concurrency` at a time, and answers the results in input order. After
 * one call fails no further one starts (a quota error must not be followed by more calls); those
 * already under way finish, and then the first failure is thrown.
 */
export async function forEachRecord<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    items.map((item, index) =>
      limit(async () => {
        if (failure) throw failure.error;
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

/** One write per key, the last version of a key twice in a batch winning, in first-seen order. */
export function latestByKey<W extends { key: string }>(batch: W[]): W[] {
  const latest = new Map<string, W>();
  for (const write of batch) latest.set(write.key, write);
  return [...latest.values()];
}

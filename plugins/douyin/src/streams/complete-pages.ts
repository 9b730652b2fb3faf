import { pagesBackwards } from '@datong/sdk';

/** Passes over one window before accepting fewer distinct items than its total. */
const MAX_PASSES = 3;

/**
 * The pages of one window from the last back to the first (`pagesBackwards`), read again when
 * fewer distinct items arrived than page 0's `total` promised: a page served twice (a gateway
 * replica behind, a retried page answering for its neighbour) would otherwise hide a page for good.
 * Items that really left the window meanwhile make the next pass's total smaller, so it ends.
 * Repeats are left to the window's de-duplication.
 */
export async function* completePages<Item>(
  fetchPage: (page: number) => Promise<{ items: Item[]; total: number }>,
  pageSize: number,
  idOf: (item: Item) => string,
): AsyncGenerator<Item[]> {
  for (let pass = 1; ; pass++) {
    let total = 0;
    const seen = new Set<string>();
    const first = async (page: number) => {
      const answer = await fetchPage(page);
      if (page === 1) total = answer.total;
      return answer;
    };
    for await (const items of pagesBackwards(first, pageSize)) {
      for (const item of items) seen.add(idOf(item));
      yield items;
    }
    if (seen.size >= total || pass >= MAX_PASSES) return;
  }
}

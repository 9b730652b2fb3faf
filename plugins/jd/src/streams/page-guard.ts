/**
 * Wraps a page-by-number fetch so that a page whose items are exactly those of a different page
 * already served (a gateway answering a stale or wrong page) is asked for once more. Reading from
 * the last page back, such a page would otherwise hide its own items for good: the next request is
 * for the page before it, never for it again.
 */
export function refetchingRepeats<Item>(
  fetchPage: (page: number) => Promise<{ items: Item[]; total: number }>,
  idOf: (item: Item) => string,
): (page: number) => Promise<{ items: Item[]; total: number }> {
  const pageBySignature = new Map<string, number>();
  return async (page) => {
    let result = await fetchPage(page);
    const signature = (items: Item[]) => items.map(idOf).join(',');
    const seenOn = pageBySignature.get(signature(result.items));
    if (result.items.length > 0 && seenOn !== undefined && seenOn !== page) result = await fetchPage(page);
    if (result.items.length > 0) pageBySignature.set(signature(result.items), page);
    return result;
  };
}

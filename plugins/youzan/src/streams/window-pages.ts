import { pagesBackwards } from '@datong/sdk';

/**
 * The pages of one window's listing, from the last page back (pagesBackwards), checked against the
 * listing's total: when fewer distinct items came than the total says (a page was served twice or
 * shifted, so another was never seen), the window is read once more, forwards. Orders only leave
 * a past window while it is paged, so a total above what was seen means something was skipped.
 */
export async function* windowPages<Item>(
  fetchPage: (page: number) => Promise<{ items: Item[]; total: number }>,
  pageSize: number,
  id: (item: Item) => string,
): AsyncGenerator<Item[]> {
  const seen = new Set<string>();
  let total = 0;
  const counted = async (page: number) => {
    const answer = await fetchPage(page);
    total = answer.total;
    return answer;
  };
  for await (const items of pagesBackwards(counted, pageSize)) {
    for (const item of items) seen.add(id(item));
    yield items;
  }
  if (seen.size >= total) return;
  const last = Math.ceil(total / pageSize);
  for (let page = 1; page <= last; page++) yield (await counted(page)).items;
}

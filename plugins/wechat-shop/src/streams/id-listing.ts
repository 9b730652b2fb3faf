/** One page of a WeChat "ids only" listing. */
export interface IdPage {
  ids: string[];
  nextKey: string;
  hasMore: boolean;
}

/**
 * The items of one time window of an ids-only listing (order/list/get, getaftersalelist), page by
 * page: each page's ids are followed by their details. WeChat pages with an opaque `next_key`; if
 * it is an offset (UNCONFIRMED), an item changed mid-scan leaves the window and shifts the rest
 * forward, so one unchanged item would be skipped. With `recheck`, a window that took several
 * pages is listed once more and any id the first pass missed is fetched too.
 */
export async function* idWindow<Item>(options: {
  listPage: (nextKey: string) => Promise<IdPage>;
  details: (ids: string[]) => Promise<Item[]>;
  recheck: boolean;
}): AsyncGenerator<Item[]> {
  const seen = new Set<string>();
  let pages = 0;
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1 && !(options.recheck && pages > 1)) return;
    let nextKey = '';
    const keys = new Set<string>();
    for (;;) {
      const page = await options.listPage(nextKey);
      if (pass === 0) pages++;
      const fresh = page.ids.filter((id) => !seen.has(id));
      for (const id of fresh) seen.add(id);
      if (fresh.length > 0) yield await options.details(fresh);
      // A next_key seen before would page forever.
      if (!page.hasMore || page.nextKey === '' || keys.has(page.nextKey) || page.ids.length === 0) break;
      keys.add(page.nextKey);
      nextKey = page.nextKey;
    }
  }
}

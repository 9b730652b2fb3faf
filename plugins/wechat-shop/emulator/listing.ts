import type { EmulatorKit } from '@datong/sdk/emulator';

/** What a next_key carries: the last item served (keyset) or the offset reached, and the page's index. */
interface NextKey {
  u?: number;
  id?: string;
  o?: number;
  p: number;
}

export function encodeKey(key: NextKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeKey(text: unknown): NextKey | undefined | 'bad' {
  if (text === undefined || text === null || text === '') return undefined;
  try {
    const key = JSON.parse(Buffer.from(String(text), 'base64url').toString('utf8')) as NextKey;
    return typeof key.p === 'number' ? key : 'bad';
  } catch {
    return 'bad';
  }
}

/**
 * One page of an ids-only listing with next_key/has_more, newest update first (ties by id). In
 * `keyset` mode next_key names the last item served, so an item that changes mid-scan moves
 * nothing; in `offset` mode it is a position, and an item that leaves the listing mid-scan shifts
 * the rest forward by one (the classic skip). The kit's page faults apply either way.
 */
export async function idPage<T>(options: {
  kit: EmulatorKit;
  listing: string;
  items: T[];
  updateTime: (item: T) => number;
  id: (item: T) => string;
  pageSize: number;
  nextKey: NextKey | undefined;
  mode: 'keyset' | 'offset';
}): Promise<{ ids: string[]; nextKey: string; hasMore: boolean }> {
  const { kit, items, updateTime, id, pageSize, nextKey, mode } = options;
  const all = [...items].sort((a, b) => updateTime(b) - updateTime(a) || (id(b) < id(a) ? -1 : id(b) > id(a) ? 1 : 0));
  let start = 0;
  if (nextKey !== undefined) {
    if (mode === 'offset') start = nextKey.o ?? 0;
    else {
      const after = all.findIndex((item) => updateTime(item) < (nextKey.u ?? 0) || (updateTime(item) === nextKey.u && id(item) < (nextKey.id ?? '')));
      start = after < 0 ? all.length : after;
    }
  }
  const pageIndex = nextKey?.p ?? 0;
  const served = kit.pageFaults(options.listing, pageIndex, all, start, pageSize);
  await kit.pageServed(options.listing);
  const last = served[served.length - 1];
  const reached = last === undefined ? start : all.indexOf(last) + 1;
  const hasMore = reached < all.length;
  const key: NextKey = mode === 'offset' ? { o: reached, p: pageIndex + 1 } : { u: last === undefined ? 0 : updateTime(last), id: last === undefined ? '' : id(last), p: pageIndex + 1 };
  return { ids: served.map(id), nextKey: hasMore ? encodeKey(key) : '', hasMore };
}

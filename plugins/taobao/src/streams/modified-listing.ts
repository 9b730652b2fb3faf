import { pagesBackwards } from '@datong/sdk';
import type { TopClient, TopParams } from '../top-client.js';
import { formatTopTime } from '../top-time.js';

/** One page of a TOP "modified between" listing, as the gateway wraps it. */
interface ListingPage {
  total_results?: number;
  [wrapper: string]: unknown;
}

/** Which listing API to page, and where its items sit in the answer. */
export interface ModifiedListing {
  method: string;
  /** `trades` → `{"trades":{"trade":[…]}}`: the JSON mirrors TOP's XML shape. */
  wrapper: string;
  item: string;
  /** The names of the window's bounds: start_modified/end_modified for trades and refunds. */
  bounds: [string, string];
  params: TopParams;
}

/**
 * The items of one window [from, to] of a TOP listing sorted by modified time descending, from the
 * last page back to the first (pagesBackwards), as TOP advises: a record modified during the scan
 * leaves the window, and the ones behind it move forward onto pages not read yet. use_has_next is
 * false so the answer carries total_results, which says where the last page is.
 */
export function modifiedListing<T>(client: TopClient, listing: ModifiedListing, from: number, to: number, pageSize: number): AsyncGenerator<T[]> {
  const [start, end] = listing.bounds;
  return pagesBackwards(async (page) => {
    const answer = await client.call<ListingPage>(listing.method, {
      ...listing.params,
      [start]: formatTopTime(from),
      [end]: formatTopTime(to),
      page_no: page,
      page_size: pageSize,
      use_has_next: false,
    });
    const wrapped = answer[listing.wrapper] as Record<string, T[] | undefined> | undefined;
    return { items: wrapped?.[listing.item] ?? [], total: Number(answer.total_results ?? 0) };
  }, pageSize);
}

import type { EmulatorKit } from '@datong/sdk/emulator';

/** Connection arguments as the schema declares them. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** What a cursor holds: Shopify's own cursors decode to `{"last_id":…,"last_value":…}`; `page` is ours. */
interface CursorData {
  last_id: number;
  last_value: string | number;
  page: number;
}

/** A connection's items and how they sort: by `sortValue`, ties by id. */
export interface Listing<T> {
  items: T[];
  id(item: T): number;
  sortValue(item: T): string | number;
  /** A stable name for page faults (top-level listings only); nested connections get none. */
  faultListing?: string;
}

/** Thrown for a cursor the emulator did not issue: Shopify answers such a query with an error. */
export class BadCursor extends Error {}

/**
 * One page of a keyset-paginated connection: items after `after` (and before `before`) in sort
 * order, `first` from the front or `last` from the back. Cursors name the last item's sort value and
 * id, so a record that changes mid-listing moves within the sort instead of shifting the pages.
 * Top-level listings go through the kit's page faults; `served` collects their names so the caller
 * can report each page once the response is complete.
 */
export function paginate<T>(kit: EmulatorKit, listing: Listing<T>, args: ConnectionArgs, served: string[]): Connection<T> {
  const direction = args.reverse ? -1 : 1;
  const key = (item: T) => ({ value: listing.sortValue(item), id: listing.id(item) });
  const order = (a: { value: string | number; id: number }, b: { value: string | number; id: number }) =>
    direction * (a.value < b.value ? -1 : a.value > b.value ? 1 : a.id - b.id);
  const sorted = [...listing.items].sort((a, b) => order(key(a), key(b)));
  const after = args.after ? decodeCursor(args.after) : undefined;
  const before = args.before ? decodeCursor(args.before) : undefined;
  let start = after ? sorted.findIndex((item) => order(key(item), { value: after.last_value, id: after.last_id }) > 0) : 0;
  if (start < 0) start = sorted.length;
  let end = before ? sorted.findIndex((item) => order(key(item), { value: before.last_value, id: before.last_id }) >= 0) : sorted.length;
  if (end < 0) end = sorted.length;
  const window = sorted.slice(0, Math.max(start, end));
  const pageIndex = after ? after.page + 1 : 0;
  let page: T[];
  if (args.first != null) {
    page = listing.faultListing !== undefined
      ? kit.pageFaults(listing.faultListing, pageIndex, window, start, args.first)
      : window.slice(start, start + args.first);
    if (listing.faultListing !== undefined) served.push(listing.faultListing);
  } else {
    page = window.slice(Math.max(start, window.length - (args.last ?? 0)), window.length);
  }
  const cursor = (item: T): string => encodeCursor({ last_id: listing.id(item), last_value: listing.sortValue(item), page: pageIndex });
  const lastServed = page.length > 0 ? sorted.indexOf(page[page.length - 1]!) : -1;
  const firstServed = page.length > 0 ? sorted.indexOf(page[0]!) : -1;
  return {
    edges: page.map((node) => ({ cursor: cursor(node), node })),
    nodes: page,
    pageInfo: {
      hasNextPage: lastServed >= 0 && lastServed < window.length - 1,
      hasPreviousPage: firstServed > 0,
      startCursor: page.length > 0 ? cursor(page[0]!) : null,
      endCursor: page.length > 0 ? cursor(page[page.length - 1]!) : null,
    },
  };
}

function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64');
}

function decodeCursor(text: string): CursorData {
  try {
    const data = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as CursorData;
    if (typeof data.last_id === 'number' && (typeof data.last_value === 'string' || typeof data.last_value === 'number')) {
      return { ...data, page: typeof data.page === 'number' ? data.page : 0 };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new BadCursor(`Invalid cursor for current pagination sort.`);
}

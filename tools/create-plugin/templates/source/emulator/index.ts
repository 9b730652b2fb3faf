import { EmulatorKit, type EmulatorModule, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { byChange, ItemStore, type StoredItem } from './item-store.js';

/** The name `datong emulate` knows this emulator by. */
export const platform = '__NAME__';

export interface __PASCAL__EmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  /** How many items to seed; default 40. */
  items?: number;
  /** The clock stamped on changes (ms epoch); default Date.now. */
  now?: () => number;
}

/** A running emulator, with its item store for tests that need to know what the platform holds. */
export interface __PASCAL__Emulator extends RunningEmulator {
  items: ItemStore;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

/**
 * Starts an emulator of the __TITLE__ API on 127.0.0.1, written from the API's documentation
 * (never from src/, so a misreading cannot agree with itself):
 *
 * - every call needs `Authorization: Bearer <apiKey>`, else 401 `{ error: "unauthorized" }`;
 * - `GET /v1/me` answers the account;
 * - `GET /v1/items?updated_since=&limit=&cursor=` lists items oldest change first, at most
 *   `limit` (1–100, default 50) a page, with `next_cursor` (null on the last page);
 * - the rate-limit fault answers 429 with `Retry-After: 1`;
 * - `POST /_emulator/mutate` (and the changeAfterPages fault) changes a few items and adds some.
 */
export async function startEmulator(options: __PASCAL__EmulatorOptions = {}): Promise<__PASCAL__Emulator> {
  const kit = new EmulatorKit({
    name: platform,
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: options.now,
    rateLimitResponse: () => ({
      status: 429,
      headers: { 'retry-after': '1' },
      json: { error: 'rate_limited', message: 'Too many requests: retry after 1 second' },
    }),
  });
  const apiKey = `key_${Array.from({ length: 24 }, () => kit.random.int(0, 15).toString(16)).join('')}`;
  const items = new ItemStore(kit.seed, kit.random, () => kit.now(), options.items ?? 40);
  const authorized = (handler: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>) => (req: EmulatorRequest) =>
    req.headers.authorization === `Bearer ${apiKey}`
      ? handler(req)
      : { status: 401, json: { error: 'unauthorized', message: 'The API key is missing or not valid.' } };

  kit.route('GET', '/v1/me', authorized(() => ({ json: { id: 'acct_1', name: '__TITLE__ emulator' } })));
  kit.route('GET', '/v1/items', authorized((req) => listItems(kit, items, req)));
  kit.control('mutate', () => items.mutate());
  kit.onMutate(() => {
    items.mutate();
  });

  const url = await kit.start();
  return { url, credentials: { apiKey, baseUrl: url }, kit, items, close: () => kit.close() };
}

async function listItems(kit: EmulatorKit, store: ItemStore, req: EmulatorRequest): Promise<EmulatorResponse> {
  const limit = Number(req.query.get('limit') ?? DEFAULT_LIMIT);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return invalid(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  const since = req.query.get('updated_since') ?? undefined;
  if (since !== undefined && Number.isNaN(Date.parse(since))) return invalid('updated_since must be an ISO 8601 time');
  const cursor = req.query.get('cursor');
  const after = cursor === null ? undefined : decodeCursor(cursor);
  if (after === null) return invalid('cursor is not one this API issued');

  const changedSince = () => store.all().filter((item) => since === undefined || Date.parse(item.updated_at) >= Date.parse(since));
  const listing = changedSince();
  const listingId = `items:${since ?? ''}`;
  const pageIndex = after?.page ?? 0;
  const start = after === undefined ? 0 : firstAfter(listing, after);
  // Copies: a change fired by serving this page (changeAfterPages) must not alter what it says.
  const page = kit.pageFaults(listingId, pageIndex, listing, start, limit).map((item) => ({ ...item }));
  await kit.pageServed(listingId);
  // Asked after that change, as a platform would: items changed meanwhile sort after this page.
  const last = page.at(-1);
  const current = changedSince();
  const more = last !== undefined && firstAfter(current, last) < current.length;
  const next = more ? encodeCursor({ updated_at: last.updated_at, id: last.id, page: pageIndex + 1 }) : null;
  return { json: { items: page, next_cursor: next } };
}

/** Where a page resumes: after this item, in listing order. */
interface Position {
  updated_at: string;
  id: string;
  page: number;
}

function firstAfter(listing: StoredItem[], position: Pick<Position, 'updated_at' | 'id'>): number {
  const index = listing.findIndex((item) => byChange(item, position) > 0);
  return index === -1 ? listing.length : index;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position in a cursor, or null when it is not one this emulator issued. */
function decodeCursor(cursor: string): Position | null {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    const valid = typeof position.id === 'string' && !Number.isNaN(Date.parse(position.updated_at)) && Number.isInteger(position.page);
    return valid ? position : null;
  } catch {
    return null;
  }
}

function invalid(message: string): EmulatorResponse {
  return { status: 400, json: { error: 'invalid_request', message } };
}

export default { platform, startEmulator } satisfies EmulatorModule;

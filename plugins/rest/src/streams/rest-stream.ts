import { RecordError, recordKey, type DataRecord, type PluginContext, type ReadOptions, type SourceBatch, type SourceItem, type SourceStream, type StreamSpec } from '@datong/sdk';
import { CursorCodec, type Comparable } from '../cursor-value.js';
import { listPages } from '../pager.js';
import { valueAt } from '../record-path.js';
import type { RestStreamClient } from '../rest-client.js';
import { withCanonicalStatuses } from '../status-map.js';
import { MAX_SEEN, parseState, savedCursor, storedCursor, type RestStreamState } from './stream-state.js';

/**
 * One configured stream. With a cursor it reads incrementally: it asks from the saved cursor less
 * the overlap, skips records delivered before with the same key and cursor value (overlap, shifted
 * or duplicated pages), and moves the cursor only when the listing has run to its end — to the
 * highest value seen, but never past the moment the listing began (the first page's Date header),
 * so a record changed while the listing paged past it is asked for again next run. Without a
 * cursor, or on a full refresh, it reads the whole listing.
 */
export class RestStream implements SourceStream {
  readonly spec: StreamSpec;
  private readonly codec: CursorCodec | undefined;

  constructor(
    private readonly client: RestStreamClient,
    private readonly startDate: string | undefined,
  ) {
    const { stream } = client;
    this.spec = { name: stream.name, schema: stream.schema, key: stream.key, ...(stream.cursor ? { cursorField: stream.cursor.field } : {}) };
    this.codec = stream.cursor ? new CursorCodec(stream.cursor.format) : undefined;
  }

  async *read(options: ReadOptions, ctx: PluginContext): AsyncGenerator<SourceBatch> {
    const { stream } = this.client;
    const { cursor } = stream;
    const codec = this.codec;
    const previous: RestStreamState = options.fullRefresh ? {} : parseState(options.state);
    const saved = codec ? savedCursor(previous, codec) : undefined;
    const from = saved ?? (codec && this.startDate !== undefined ? codec.fromMoment(this.startDate) : undefined);
    const filter: Record<string, string> = cursor && codec && from !== undefined
      ? { [cursor.param]: codec.param(from, saved === undefined ? 0 : cursor.overlapSeconds) }
      : {};
    // Delivered by an earlier run inside the overlap: skipped unless their cursor moved.
    const earlier = new Map((previous.seen ?? []).map(([key, value]) => [seenId(key, value), [key, value] as [string, Comparable]]));
    // Shifted and duplicated pages repeat records of the pages just before: remember a few pages,
    // not the whole listing (a first sync of a million orders must not hold a million ids).
    const recentPages: Set<string>[] = [];
    // The highest-cursor records delivered: those inside the final overlap become `seen`.
    const candidates = new TopByCursor(codec, 2 * MAX_SEEN);
    let highest: Comparable | undefined;
    let listingStart: number | undefined;
    let done = 0;
    // Until the listing ends, every batch carries the state the read began with.
    const resumeState = clean(previous);

    for await (const page of listPages(this.client, filter)) {
      if (page.index === 0) listingStart = page.date;
      const items: SourceItem[] = [];
      const thisPage = new Set<string>();
      recentPages.push(thisPage);
      if (recentPages.length > RECENT_PAGES) recentPages.shift();
      for (const raw of page.records) {
        const item = this.item(raw);
        if ('invalid' in item) {
          items.push(item);
          continue;
        }
        const value = codec && cursor ? codec.parse(valueAt(raw, cursor.field)) : undefined;
        const id = seenId(item.key, value);
        if (earlier.has(id) || recentPages.some((ids) => ids.has(id))) continue;
        thisPage.add(id);
        if (value !== undefined) candidates.add([item.key, value]);
        if (value !== undefined && (highest === undefined || codec!.compare(value, highest) > 0)) highest = value;
        items.push(item.item);
      }
      const chunks = chunk(items, options.batchSize);
      for (const [i, batch] of chunks.entries()) {
        done += batch.filter((it) => 'record' in it).length;
        const final = page.last && i === chunks.length - 1;
        const state = final && codec ? this.finalState(previous, saved, highest, listingStart, earlier, candidates.entries()) : resumeState;
        yield { items: batch, state, progress: { done, unit: 'records' } };
      }
      // The crash-test hook (DATONG_FAULT=while-paging): a crash between two pages of a listing.
      if (!page.last) ctx.fault('while-paging');
    }
  }

  private finalState(
    previous: RestStreamState,
    saved: Comparable | undefined,
    highest: Comparable | undefined,
    listingStart: number | undefined,
    earlier: Map<string, [string, Comparable]>,
    delivered: [string, Comparable][],
  ): RestStreamState {
    const codec = this.codec!;
    let next = highest ?? saved;
    // A record changed while the listing paged past it is stamped after the listing began.
    if (next !== undefined && codec.isTime && listingStart !== undefined && typeof next === 'number' && listingStart < next) {
      next = Math.max(listingStart, saved === undefined ? listingStart : (saved as number));
    }
    if (next === undefined) return clean(previous);
    const overlap = codec.isTime ? (this.client.stream.cursor?.overlapSeconds ?? 0) * 1000 : 0;
    const bound = typeof next === 'number' ? next - overlap : next;
    const seen: [string, Comparable][] = [];
    for (const [key, value] of [...earlier.values(), ...delivered]) {
      if (codec.compare(value, bound) >= 0) seen.push([key, value]);
    }
    seen.sort((a, b) => codec.compare(b[1], a[1]));
    return clean({ cursor: storedCursor(next, codec), ...(seen.length > 0 ? { seen: seen.slice(0, MAX_SEEN) } : {}) });
  }

  /** A listed value as an item: a record with its key (and canonical statuses), or why not. */
  private item(raw: unknown): { key: string; item: SourceItem } | Extract<SourceItem, { invalid: string }> {
    const { stream } = this.client;
    const text = () => JSON.stringify(raw) ?? String(raw);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      return { invalid: `stream "${stream.name}": a listed entry is not an object`, raw: text(), code: 'PARSE_ERROR' };
    }
    const record = raw as DataRecord;
    let key: string;
    try {
      key = recordKey(record, stream.key);
    } catch (error) {
      return { invalid: `stream "${stream.name}": ${(error as Error).message}`, raw: text(), code: 'KEY_MISSING' };
    }
    try {
      return { key, item: { record: withCanonicalStatuses(record, stream.statusTables) } };
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      return { invalid: `stream "${stream.name}" record ${key}: ${error.message}`, raw: text(), code: error.code };
    }
  }
}

/** Pages whose records a page may repeat (a duplicated page, a folded or shifted one). */
const RECENT_PAGES = 3;

/** Keeps the `limit` entries with the highest cursors, trimming in bulk as it grows. */
class TopByCursor {
  private list: [string, Comparable][] = [];

  constructor(
    private readonly codec: CursorCodec | undefined,
    private readonly limit: number,
  ) {}

  add(entry: [string, Comparable]): void {
    if (!this.codec) return;
    this.list.push(entry);
    if (this.list.length > 2 * this.limit) this.trim();
  }

  entries(): [string, Comparable][] {
    this.trim();
    return this.list;
  }

  private trim(): void {
    const codec = this.codec;
    if (!codec) return;
    this.list.sort((a, b) => codec.compare(b[1], a[1]));
    this.list.length = Math.min(this.list.length, this.limit);
  }
}

function seenId(key: string, value: Comparable | undefined): string {
  return JSON.stringify([key, value ?? null]);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  const step = Math.max(1, size);
  for (let i = 0; i < items.length; i += step) out.push(items.slice(i, i + step));
  return out.length > 0 ? out : [[]];
}

/** A state as it will look after a JSON round trip through the store. */
function clean(state: RestStreamState): RestStreamState {
  return JSON.parse(JSON.stringify(state)) as RestStreamState;
}

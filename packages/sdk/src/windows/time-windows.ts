import { RecordError } from '../errors.js';
import type { DataRecord, SourceBatch, SourceItem } from '../plugin.js';

/**
 * What a stream read in time windows persists: `until` is the end of the last window read to its
 * end (every record modified before it has been delivered). A run stopped inside a window saves
 * the same `until`, so the next run reads that window again from its start: windows are short (a
 * day, 30 minutes) and the ledger skips what is unchanged.
 */
export interface TimeWindowState {
  until?: string;
}

/** A window the platform refuses as too wide (Douyin's 50,000 reachable results): it is split in two. */
export class WindowTooWide extends Error {
  constructor(message = 'the platform refuses this time window as too wide') {
    super(message);
    this.name = 'WindowTooWide';
  }
}

export interface TimeWindowReadOptions<Item> {
  state: unknown;
  fullRefresh: boolean;
  batchSize: number;
  /** Now, ms epoch (the run's clock; a test's). */
  now: number;
  /** Where a first run (or a full refresh) starts, ms epoch: the configured start date, at most the platform's lookback. */
  start: number;
  /** How far back the platform serves at all (Taobao 3 months, Douyin 90 days), ms: a start before it is moved up to it. */
  lookbackMs?: number;
  /** The widest window the platform takes, ms (Taobao a day, Pinduoduo 30 minutes, WeChat 7 days). */
  maxWindowMs: number;
  /** Windows never split below this; default one second. */
  minWindowMs?: number;
  /** A new run starts this far before the saved `until` (clocks, late commits); default 60 s. */
  overlapMs?: number;
  /** Windows end this far before now: records being written right now wait for the next run. Default 10 s. */
  lagMs?: number;
  /**
   * The items modified in [from, to), page by page, as the platform serves them (use
   * `pagesBackwards` where the platform says to page from the last page back). Throw
   * `WindowTooWide` to have the window split.
   */
  fetchWindow(from: number, to: number): AsyncIterable<Item[]>;
  /** The record of an item; a `RecordError` makes it an invalid item (dead-lettered, the run goes on). */
  toRecord(item: Item): DataRecord | Promise<DataRecord>;
  /** The item's id and version (its modified time): an item seen twice in one window is delivered once. */
  identity(item: Item): string;
}

/**
 * Reads a platform's "modified between" listing in consecutive time windows no wider than it
 * allows, from the saved `until` (less an overlap) to shortly before now. A window is delivered in
 * batches whose state keeps the old `until`; its last batch moves `until` to the window's end.
 *
 * @example
 *   yield* readTimeWindows({ ...options, now: Date.now(), start: Date.now() - 90 * DAY, maxWindowMs: DAY,
 *     fetchWindow: (from, to) => pagesBackwards((page) => client.increment(from, to, page), 100),
 *     toRecord: orderRecord, identity: (t) => `${t.tid}@${t.modified}` });
 */
export async function* readTimeWindows<Item>(options: TimeWindowReadOptions<Item>): AsyncGenerator<SourceBatch> {
  const saved = options.fullRefresh ? undefined : untilOf(options.state);
  const floor = options.lookbackMs === undefined ? -Infinity : options.now - options.lookbackMs;
  let from = Math.max(saved === undefined ? options.start : saved - (options.overlapMs ?? 60_000), floor);
  const end = options.now - (options.lagMs ?? 10_000);
  const minWindow = options.minWindowMs ?? 1000;
  let width = options.maxWindowMs;
  let until = saved === undefined ? undefined : new Date(saved).toISOString();
  let done = 0;
  while (from < end) {
    const to = Math.min(from + width, end);
    const seen = new Set<string>();
    let pending: SourceItem[] = [];
    try {
      for await (const page of options.fetchWindow(from, to)) {
        for (const item of page) {
          const id = options.identity(item);
          if (seen.has(id)) continue;
          seen.add(id);
          pending.push(await sourceItem(item, id, options));
          if (pending.length >= options.batchSize) {
            done += pending.length;
            yield { items: pending, state: stateOf(until), progress: { done, unit: 'records' } };
            pending = [];
          }
        }
      }
    } catch (error) {
      if (!(error instanceof WindowTooWide)) throw error;
      // Nothing of this window has been committed past `until`: read it again, narrower.
      if (to - from <= minWindow) throw new Error(`${error.message}, even ${to - from} ms wide`, { cause: error });
      width = Math.max(minWindow, Math.floor((to - from) / 2));
      continue;
    }
    until = new Date(to).toISOString();
    done += pending.length;
    yield { items: pending, state: stateOf(until), progress: { done, unit: 'records' } };
    from = to;
    // A narrowed window widens again: the next stretch may be quiet.
    width = Math.min(options.maxWindowMs, width * 2);
  }
}

/**
 * The pages of one listing from the last page back to the first, as Taobao and Pinduoduo say to
 * read their "modified between" listings: a record modified during the scan leaves the window (its
 * new modified time is past the window's end, which lies in the past) and every record behind it
 * moves one place forward. Walking forwards would skip one record per such change; walking
 * backwards sees it again at most, which the window's de-duplication drops. The record itself
 * arrives with the window its new modified time falls in.
 * `fetchPage(n)` returns page n (1-based) and the listing's total.
 */
export async function* pagesBackwards<Item>(
  fetchPage: (page: number) => Promise<{ items: Item[]; total: number }>,
  pageSize: number,
): AsyncGenerator<Item[]> {
  const first = await fetchPage(1);
  const last = Math.ceil(first.total / pageSize);
  if (last <= 1) {
    yield first.items;
    return;
  }
  for (let page = last; page >= 1; page--) yield (await fetchPage(page)).items;
}

async function sourceItem<Item>(item: Item, id: string, options: TimeWindowReadOptions<Item>): Promise<SourceItem> {
  try {
    return { record: await options.toRecord(item) };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { invalid: `${id}: ${error.message}`, raw: JSON.stringify(item), code: error.code };
  }
}

function stateOf(until: string | undefined): TimeWindowState {
  return until === undefined ? {} : { until };
}

function untilOf(state: unknown): number | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const until = (state as Record<string, unknown>).until;
  if (typeof until !== 'string') return undefined;
  const ms = Date.parse(until);
  return Number.isNaN(ms) ? undefined : ms;
}

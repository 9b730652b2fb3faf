import { pagesBackwards, readTimeWindows, type DataRecord, type ReadOptions, type SourceBatch } from '@datong/sdk';
import type { ResolvedPddConfig } from '../pdd-config.js';

/** One page of a PDD increment listing: its items and the listing's total_count. */
export interface IncrementPage<Item> {
  items: Item[];
  total: number;
}

export interface IncrementReadOptions<Item> {
  config: ResolvedPddConfig;
  /** Page `page` (from 1) of the items updated in [startSeconds, endSeconds]. */
  fetchPage(startSeconds: number, endSeconds: number, page: number): Promise<IncrementPage<Item>>;
  toRecord(item: Item): DataRecord;
  identity(item: Item): string;
}

/**
 * Reads one of PDD's `*.increment.get` listings: consecutive windows of start_updated_at /
 * end_updated_at no wider than the configured width (PDD allows 30 minutes), each paged from the
 * last page back as PDD says: an order updated mid-scan leaves the window and the ones behind it
 * move forward, onto pages not yet read when walking backwards (see `pagesBackwards`).
 * State is readTimeWindows': `until`, which only moves when a window has been read to its end.
 */
export function readIncrements<Item>(read: ReadOptions, options: IncrementReadOptions<Item>): AsyncGenerator<SourceBatch> {
  const { config } = options;
  const now = Date.now();
  return readTimeWindows<Item>({
    state: read.state,
    fullRefresh: read.fullRefresh,
    batchSize: read.batchSize,
    now,
    start: config.startMs ?? now - config.lookbackMs,
    lookbackMs: config.lookbackMs,
    maxWindowMs: config.windowMs,
    overlapMs: config.overlapMs,
    lagMs: config.lagMs,
    // PDD takes whole seconds. [floor(from), floor(to)] is never wider than the window (both ends
    // move by whole seconds) and holds every second of [from, to); the end second is read again by
    // the next window, which the ledger finds unchanged.
    fetchWindow: (from, to) =>
      pagesBackwards((page) => options.fetchPage(Math.floor(from / 1000), Math.floor(to / 1000), page), config.pageSize),
    toRecord: options.toRecord,
    identity: options.identity,
  });
}

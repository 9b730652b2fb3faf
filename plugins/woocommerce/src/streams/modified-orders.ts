import { pagesBackwards, readTimeWindows, type ReadOptions, type SourceBatch } from '@datong/sdk';
import type { ResolvedWooConfig } from '../woo-config.js';
import type { WooClient } from '../woo-client.js';
import { gmtMs, gmtParam, type WooOrderJson } from './woo-json.js';

const DAY = 86_400_000;
/** A first run without startDate reads the last year. */
export const DEFAULT_START_MS = 365 * DAY;

/**
 * The orders modified in [from, to), page by page: `GET /orders?modified_after&modified_before
 * &dates_are_gmt=true&orderby=modified&order=asc`, walked from the last page back (pagesBackwards).
 *
 * Why nothing is missed: the window lies in the past, so an order modified during the scan leaves
 * it (its new modified time is after `to`), and the orders behind it move one place forward; paging
 * backwards sees such an order again at most (the window de-duplicates), never skips one. The
 * modified order itself arrives with the window, or the run, its new time falls in.
 * WordPress's date_query bounds are exclusive and WooCommerce times are whole seconds, so the
 * request asks one second wider on each side and the window keeps only [from, to).
 * `status=any` leaves the trash out: with includeTrash the trash is listed too, the same way.
 */
export async function* modifiedOrders(client: WooClient, config: ResolvedWooConfig, from: number, to: number): AsyncGenerator<WooOrderJson[]> {
  const statuses = config.includeTrash ? ['any', 'trash'] : ['any'];
  const after = gmtParam(Math.floor(from / 1000) * 1000 - 1000);
  const before = gmtParam(Math.ceil(to / 1000) * 1000 + 1000);
  for (const status of statuses) {
    const pages = pagesBackwards(async (page) => {
      const listed = await client.list<WooOrderJson>('/orders', {
        status,
        modified_after: after,
        modified_before: before,
        dates_are_gmt: true,
        orderby: 'modified',
        order: 'asc',
        per_page: config.pageSize,
        page,
      });
      return { items: listed.items, total: listed.total };
    }, config.pageSize);
    for await (const page of pages) {
      yield page.filter((order) => {
        const at = gmtMs(order.date_modified_gmt);
        return at >= from && at < to;
      });
    }
  }
}

/** readTimeWindows over the orders' modified times, with the config's start, width, overlap and lag. */
export function readModifiedWindows<Item>(
  options: ReadOptions,
  config: ResolvedWooConfig,
  parts: {
    fetchWindow: (from: number, to: number) => AsyncIterable<Item[]>;
    toRecord: (item: Item) => Record<string, unknown> | Promise<Record<string, unknown>>;
    identity: (item: Item) => string;
  },
): AsyncGenerator<SourceBatch> {
  const now = Date.now();
  return readTimeWindows<Item>({
    state: options.state,
    fullRefresh: options.fullRefresh,
    batchSize: options.batchSize,
    now,
    start: config.startDate ?? now - DEFAULT_START_MS,
    maxWindowMs: config.windowMs,
    overlapMs: config.overlapMs,
    lagMs: config.lagMs,
    ...parts,
  });
}

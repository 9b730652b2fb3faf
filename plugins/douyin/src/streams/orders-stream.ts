import { UpstreamError, WindowTooWide, readTimeWindows, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import { WINDOW_TOO_WIDE, type DouyinClient } from '../douyin-client.js';
import { LOOKBACK_MS, type ResolvedDouyinConfig } from '../douyin-config.js';
import type { OrderDecryptor } from '../order-decryptor.js';
import { completePages } from './complete-pages.js';
import { toOrderRecord } from './order-record.js';
import type { FetchedOrder, SearchListData } from './wire-order.js';

/** order.searchList serves at most this many results of one query (page × size). */
export const MAX_REACHABLE = 50_000;

/**
 * The `orders` stream: order.searchList by update_time in windows (readTimeWindows), sorted
 * oldest first and read from its last page back to page 0, so an order modified mid-scan (it leaves
 * the window, or moves to its end) cannot push another past us. A
 * window with more than 50,000 matches (error 40004 isv.parameter-invalid:20013, or a total over
 * it) is split until it fits. The list carries whole orders (sku orders, receiver ciphertext), so
 * no detail call is needed; decryption, when configured, happens per page.
 */
export function ordersStream(client: DouyinClient, config: ResolvedDouyinConfig, decryptor: OrderDecryptor): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['order_id'], cursorField: 'updated_at' },
    read: (options) => {
      const now = Date.now();
      return readTimeWindows<FetchedOrder>({
        ...options,
        now,
        start: config.startDate ?? now - LOOKBACK_MS,
        // A minute short of 90 days: a window starting exactly at the limit would be refused by the time it is sent.
        lookbackMs: LOOKBACK_MS - 60_000,
        maxWindowMs: config.windowMs,
        lagMs: config.lagMs,
        overlapMs: config.overlapMs,
        fetchWindow: (from, to) => windowPages(client, config, decryptor, from, to),
        toRecord: (item) => toOrderRecord(item) as unknown as Record<string, unknown>,
        identity: (item) => `${String(item.order.order_id)}@${item.order.update_time}`,
      });
    },
  };
}

async function* windowPages(client: DouyinClient, config: ResolvedDouyinConfig, decryptor: OrderDecryptor, from: number, to: number): AsyncGenerator<FetchedOrder[]> {
  const size = config.pageSize;
  const fetchPage = async (page: number) => {
    let data: SearchListData;
    try {
      data = await client.call<SearchListData>('order.searchList', {
        // Whole seconds; the end rounded up so [from, to) is covered whether the platform's end is inclusive or not.
        update_time_start: Math.floor(from / 1000),
        update_time_end: Math.ceil(to / 1000),
        order_by: 'update_time',
        // Oldest first: an order updated mid-scan moves to the end, so (paging backwards) the ones
        // behind it shift towards pages not yet read instead of pages already read.
        order_asc: true,
        // Pages count from 0 on Douyin; pagesBackwards counts from 1.
        page: page - 1,
        size,
      });
    } catch (error) {
      if (error instanceof UpstreamError && error.code === WINDOW_TOO_WIDE) throw new WindowTooWide(`douyin: more than ${MAX_REACHABLE} orders updated between ${iso(from)} and ${iso(to)}`);
      throw error;
    }
    const total = data?.total ?? 0;
    if (total > MAX_REACHABLE) throw new WindowTooWide(`douyin: ${total} orders updated between ${iso(from)} and ${iso(to)}, more than ${MAX_REACHABLE} reachable`);
    return { items: data?.shop_order_list ?? [], total };
  };
  // Pages seen twice (a re-read pass, a shifted page) are dropped here, before they cost decryptions.
  const delivered = new Set<string>();
  for await (const orders of completePages(fetchPage, size, (o) => String(o.order_id))) {
    const fresh = orders.filter((o) => !delivered.has(`${String(o.order_id)}@${o.update_time}`));
    for (const o of fresh) delivered.add(`${String(o.order_id)}@${o.update_time}`);
    yield await decryptor.page(fresh);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

import { readTimeWindows, WindowTooWide, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import { chinaTimeText } from '../china-time.js';
import type { YouzanClient } from '../youzan-client.js';
import { LOOKBACK_MS, type ResolvedYouzanConfig } from '../youzan-config.js';
import { orderRecord, type FullOrderInfo } from './order-record.js';
import { windowPages } from './window-pages.js';

/** youzan.trades.sold.get serves page_no 1 to 100 only. */
export const MAX_PAGES = 100;

interface SoldGetData {
  total_results?: number;
  full_order_info_list?: { full_order_info?: FullOrderInfo }[];
}

/**
 * The `orders` stream: youzan.trades.sold.get by update time (start_update/end_update), window by
 * window no wider than `windowHours`, each window paged from its last page back and checked against the total (orders updated
 * while the scan runs move between pages; walking backwards, none is skipped), de-duplicated by
 * tid and update time. A window holding more than 100 pages is split. The listing carries the full
 * order (full_order_info), so no detail call is needed.
 */
export function ordersStream(client: YouzanClient, config: ResolvedYouzanConfig, now: () => number): SourceStream {
  const api = 'youzan.trades.sold.get';
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['tid'], cursorField: 'updated_at' },
    read: (options) => {
      const at = now();
      return readTimeWindows<FullOrderInfo>({
        ...options,
        now: at,
        start: config.startDate ?? at - LOOKBACK_MS,
        maxWindowMs: config.windowMs,
        lagMs: config.lagMs,
        overlapMs: config.overlapMs,
        fetchWindow: (from, to) =>
          windowPages(async (page) => {
            const data = await client.call<SoldGetData>(api, config.tradesApiVersion, {
              start_update: chinaTimeText(from),
              end_update: chinaTimeText(to),
              page_no: page,
              page_size: config.pageSize,
            });
            const total = Number(data.total_results ?? 0);
            if (total > MAX_PAGES * config.pageSize) throw new WindowTooWide(`${total} orders updated in one window, more than ${MAX_PAGES} pages of ${config.pageSize}`);
            const items = (data.full_order_info_list ?? []).map((row) => row.full_order_info ?? {});
            return { items, total };
          }, config.pageSize, (info) => String(info.order_info?.tid)),
        toRecord: (info) => orderRecord(info) as unknown as Record<string, unknown>,
        identity: (info) => `${String(info.order_info?.tid)}@${String(info.order_info?.update_time)}`,
      });
    },
  };
}

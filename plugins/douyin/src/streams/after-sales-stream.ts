import { UpstreamError, WindowTooWide, readTimeWindows, type SourceStream } from '@datong/sdk';
import afterSaleSchema from '../../contracts/after-sale.schema.json' with { type: 'json' };
import { chinaTime, chinaTimeOrNull } from '../china-time.js';
import { WINDOW_TOO_WIDE, type DouyinClient } from '../douyin-client.js';
import type { ResolvedDouyinConfig } from '../douyin-config.js';
import type { DouyinAfterSale } from '../generated/after-sale.js';
import { fenToYuan } from '../money.js';
import { afterSaleRefundStatus, afterSaleStatusDesc } from '../status-map.js';
import { completePages } from './complete-pages.js';
import { MAX_REACHABLE } from './orders-stream.js';

/** afterSale.List serves about six months by default. */
const AFTER_SALE_LOOKBACK_MS = 180 * 24 * 3600_000;

/** One afterSale.List item, as far as this source reads it. */
export interface WireAfterSale {
  aftersale_info: {
    aftersale_id: string | number;
    aftersale_type?: number;
    aftersale_status?: number;
    refund_status?: number;
    refund_amount?: number;
    reason?: string;
    apply_time?: number;
    update_time: number;
    related_id?: string;
  };
  order_info?: { shop_order_id?: string; related_order_info?: { sku_order_id?: string }[] };
}

interface AfterSaleListData {
  items?: WireAfterSale[];
  total?: number;
  has_more?: boolean;
}

/**
 * The `after_sales` stream: afterSale.List by update time (update_start_time/update_end_time with
 * order_by ["update_time asc"], as its documentation asks for polling), in the same windows and
 * backward pages as the orders (oldest first, for the same reason), each case with its raw statuses and the canonical refund status.
 */
export function afterSalesStream(client: DouyinClient, config: ResolvedDouyinConfig): SourceStream {
  return {
    spec: { name: 'after_sales', schema: afterSaleSchema, key: ['aftersale_id'], cursorField: 'updated_at' },
    read: (options) => {
      const now = Date.now();
      return readTimeWindows<WireAfterSale>({
        ...options,
        now,
        start: config.startDate ?? now - AFTER_SALE_LOOKBACK_MS,
        lookbackMs: AFTER_SALE_LOOKBACK_MS - 60_000,
        maxWindowMs: config.windowMs,
        lagMs: config.lagMs,
        overlapMs: config.overlapMs,
        fetchWindow: (from, to) => completePages(async (page) => {
          let data: AfterSaleListData;
          try {
            data = await client.call<AfterSaleListData>('afterSale.List', {
              update_start_time: Math.floor(from / 1000),
              update_end_time: Math.ceil(to / 1000),
              order_by: ['update_time asc'],
              page: page - 1,
              size: config.pageSize,
            });
          } catch (error) {
            if (error instanceof UpstreamError && error.code === WINDOW_TOO_WIDE) throw new WindowTooWide(`douyin: more than ${MAX_REACHABLE} after-sales in one window`);
            throw error;
          }
          const total = data?.total ?? 0;
          if (total > MAX_REACHABLE) throw new WindowTooWide(`douyin: ${total} after-sales in one window, more than ${MAX_REACHABLE} reachable`);
          return { items: data?.items ?? [], total };
        }, config.pageSize, (item) => String(item.aftersale_info.aftersale_id)),
        toRecord: (item) => toAfterSaleRecord(item) as unknown as Record<string, unknown>,
        identity: (item) => `${String(item.aftersale_info.aftersale_id)}@${item.aftersale_info.update_time}`,
      });
    },
  };
}

/** The after-sale record; a RecordError (UNMAPPED_VALUE) names a status no table lists. */
export function toAfterSaleRecord(item: WireAfterSale): DouyinAfterSale {
  const info = item.aftersale_info;
  const desc = afterSaleStatusDesc(info.aftersale_status, info.aftersale_type, info.refund_status);
  return {
    aftersale_id: String(info.aftersale_id),
    channel: 'douyin',
    shop_order_id: String(item.order_info?.shop_order_id ?? info.related_id ?? ''),
    sku_order_ids: (item.order_info?.related_order_info ?? []).map((o) => String(o.sku_order_id ?? '')).filter((id) => id !== ''),
    aftersale_type: info.aftersale_type ?? null,
    aftersale_status: (info.aftersale_status ?? null) as DouyinAfterSale['aftersale_status'],
    platform_refund_status: info.refund_status ?? null,
    after_sale_status_desc: desc as DouyinAfterSale['after_sale_status_desc'],
    reason: info.reason === undefined || info.reason === null ? null : String(info.reason),
    apply_time: info.apply_time ?? null,
    update_time: info.update_time,
    applied_at: chinaTimeOrNull(info.apply_time),
    updated_at: chinaTime(info.update_time),
    refund_amount: info.refund_amount ?? 0,
    amount: fenToYuan(info.refund_amount ?? 0, 'refund_amount'),
    currency: 'CNY',
    refund_status: afterSaleRefundStatus(desc),
  };
}

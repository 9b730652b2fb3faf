import { readTimeWindows, RecordError, WindowTooWide, type SourceStream } from '@datong/sdk';
import refundSchema from '../../contracts/refund.schema.json' with { type: 'json' };
import { isoFromChinaText } from '../china-time.js';
import type { YouzanRefund } from '../generated/refund.js';
import { yuan } from '../money.js';
import { refundCaseStatus } from '../status-map.js';
import type { YouzanClient } from '../youzan-client.js';
import { LOOKBACK_MS, type ResolvedYouzanConfig } from '../youzan-config.js';
import { windowPages } from './window-pages.js';

/** refund.search refuses page_no > 100 and page_no × page_size > 3000 (ES search depth). */
const PAGE_SIZE = 30;
const MAX_RESULTS = 3000;

type RefundItem = Record<string, unknown>;

/**
 * The `refunds` stream: youzan.trade.refund.search 3.0.1 by update time (update_time_start/_end,
 * Unix seconds), in the same windows as orders, paged from the last page back.
 */
export function refundsStream(client: YouzanClient, config: ResolvedYouzanConfig, now: () => number): SourceStream {
  return {
    spec: { name: 'refunds', schema: refundSchema, key: ['refund_id'], cursorField: 'updated_at' },
    read: (options) => {
      const at = now();
      return readTimeWindows<RefundItem>({
        ...options,
        now: at,
        start: config.startDate ?? at - LOOKBACK_MS,
        maxWindowMs: config.windowMs,
        lagMs: config.lagMs,
        overlapMs: config.overlapMs,
        fetchWindow: (from, to) =>
          windowPages(async (page) => {
            const data = await client.call<{ total?: number; refunds?: RefundItem[] }>('youzan.trade.refund.search', '3.0.1', {
              update_time_start: Math.floor(from / 1000),
              update_time_end: Math.floor(to / 1000),
              page_no: page,
              page_size: PAGE_SIZE,
            });
            const total = Number(data.total ?? 0);
            if (total > MAX_RESULTS) throw new WindowTooWide(`${total} refunds updated in one window, more than refund.search pages through`);
            return { items: data.refunds ?? [], total };
          }, PAGE_SIZE, (item) => String(item.refund_id)),
        toRecord: (item) => refundRecord(item) as unknown as Record<string, unknown>,
        identity: (item) => `${String(item.refund_id)}@${String(item.modified)}`,
      });
    },
  };
}

export function refundRecord(item: RefundItem): YouzanRefund {
  const refundId = item.refund_id === undefined || item.refund_id === null ? '' : String(item.refund_id);
  if (!refundId) throw new RecordError('refund_id is missing', { code: 'KEY_MISSING' });
  const status = String(item.status ?? '');
  const createdAt = isoFromChinaText(item.created, 'created');
  const updatedAt = isoFromChinaText(item.modified, 'modified');
  if (!createdAt || !updatedAt) throw new RecordError(`refund ${refundId} has no created or modified time`);
  return {
    refund_id: refundId,
    channel: 'youzan',
    tid: String(item.tid ?? ''),
    status: status as YouzanRefund['status'],
    return_goods: typeof item.return_goods === 'boolean' ? item.return_goods : null,
    reason: item.reason === undefined || item.reason === null ? null : Number(item.reason),
    refund_fee: yuan(item.refund_fee ?? '0', 'refund_fee'),
    currency: 'CNY',
    created_at: createdAt,
    updated_at: updatedAt,
    refund_status: refundCaseStatus(status),
  };
}

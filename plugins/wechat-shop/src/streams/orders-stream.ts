import { readTimeWindows, type PluginContext, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import type { WechatClient } from '../wechat-client.js';
import type { ResolvedWechatConfig } from '../wechat-config.js';
import { idWindow } from './id-listing.js';
import { mapLimit } from './map-limit.js';
import { toOrderRecord } from './order-record.js';
import { SensitiveDecoder } from './sensitive-decoder.js';
import type { WireOrder } from './wire-order.js';

/** order/list/get takes update_time_range windows of at most 7 days. */
export const CHANNELS_MAX_WINDOW_MS = 7 * 86_400_000;
/** Times are whole seconds: a window ends a second before now, and the next run's overlap re-reads the edge. */
export const LAG_MS = 1000;

interface ListAnswer {
  order_id_list?: (string | number)[];
  next_key?: string;
  has_more?: boolean;
}

/**
 * The `orders` stream of a Channels shop: ids from POST /channels/ec/order/list/get by
 * update_time_range (≤ 7 days, Unix seconds, page_size ≤ 100, next_key/has_more), then each order
 * from /channels/ec/order/get, in windows readTimeWindows keeps (a crash mid-window re-reads it).
 */
export function channelsOrdersStream(client: WechatClient, config: ResolvedWechatConfig): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['order_id'], cursorField: 'updated_at' },
    read: (options, ctx: PluginContext) => {
      const now = Date.now();
      const decoder = config.decrypt ? new SensitiveDecoder(client, ctx, config.decodeQuotaPerDay) : undefined;
      return readTimeWindows<WireOrder>({
        ...options,
        now,
        start: config.startDate ?? now - config.lookbackMs,
        maxWindowMs: CHANNELS_MAX_WINDOW_MS,
        lagMs: LAG_MS,
        fetchWindow: (from, to) =>
          idWindow<WireOrder>({
            recheck: config.recheckWindows,
            listPage: async (nextKey) => {
              const answer = await client.post<ListAnswer>('/channels/ec/order/list/get', {
                update_time_range: { start_time: Math.ceil(from / 1000), end_time: Math.floor(to / 1000) },
                page_size: config.pageSize,
                ...(nextKey === '' ? {} : { next_key: nextKey }),
              });
              return { ids: (answer.order_id_list ?? []).map(String), nextKey: answer.next_key ?? '', hasMore: answer.has_more === true };
            },
            details: (ids) =>
              mapLimit(ids, config.detailConcurrency, async (id) => (await client.post<{ order: WireOrder }>('/channels/ec/order/get', { order_id: id })).order),
          }),
        toRecord: async (order) => {
          // Mapped first: an order dead-lettered for an unknown status spends no decode.
          const record = toOrderRecord(order, 'channels');
          const decoded = await decoder?.decode(order);
          return (decoded === undefined ? record : toOrderRecord(order, 'channels', decoded)) as unknown as Record<string, unknown>;
        },
        identity: (order) => `${order.order_id}@${order.update_time}`,
      });
    },
  };
}

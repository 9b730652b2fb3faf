import { pagesBackwards, readTimeWindows, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import { msToBeijing } from '../beijing-time.js';
import type { WechatClient } from '../wechat-client.js';
import type { ResolvedWechatConfig } from '../wechat-config.js';
import { LAG_MS } from './orders-stream.js';
import { toOrderRecord } from './order-record.js';
import type { WireOrder } from './wire-order.js';

/** The widest update-time window asked of /product/order/get_list: no limit is documented (UNCONFIRMED), so the Channels shop's 7 days. */
export const MINISHOP_MAX_WINDOW_MS = 7 * 86_400_000;

interface ListAnswer {
  orders?: WireOrder[];
  total_num?: number;
}

/**
 * The `orders` stream of a legacy mini-program shop: POST /product/order/get_list with
 * start_update_time/end_update_time (Beijing "yyyy-MM-dd HH:mm:ss"; only one pair of times may be
 * sent), page/page_size and total_num, read from the last page back so an order updated mid-scan
 * (which leaves the window) shifts no unread order out of reach. Orders come whole: no detail call.
 */
export function minishopOrdersStream(client: WechatClient, config: ResolvedWechatConfig): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['order_id'], cursorField: 'updated_at' },
    read: (options) => {
      const now = Date.now();
      return readTimeWindows<WireOrder>({
        ...options,
        now,
        start: config.startDate ?? now - config.lookbackMs,
        maxWindowMs: MINISHOP_MAX_WINDOW_MS,
        lagMs: LAG_MS,
        fetchWindow: (from, to) =>
          pagesBackwards(async (page) => {
            const answer = await client.post<ListAnswer>('/product/order/get_list', {
              start_update_time: msToBeijing(Math.ceil(from / 1000) * 1000),
              end_update_time: msToBeijing(Math.floor(to / 1000) * 1000),
              page,
              page_size: config.pageSize,
            });
            return { items: answer.orders ?? [], total: answer.total_num ?? 0 };
          }, config.pageSize),
        toRecord: (order) => toOrderRecord(order, 'minishop') as unknown as Record<string, unknown>,
        identity: (order) => `${order.order_id}@${order.update_time}`,
      });
    },
  };
}

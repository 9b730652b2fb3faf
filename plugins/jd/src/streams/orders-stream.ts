import { UpstreamError, pagesBackwards, readTimeWindows, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import type { JdClient } from '../jd-client.js';
import type { ResolvedJdConfig } from '../jd-config.js';
import { formatJdTime } from '../jd-time.js';
import { ORDER_FIELDS, ORDER_STATES, type JdOrderInfo, type SearchOrderResult } from './order-fields.js';
import { toOrderRecord } from './order-record.js';
import { refetchingRepeats } from './page-guard.js';

const DAY = 86_400_000;

/** The search method of the configured variant. */
export function searchMethod(config: ResolvedJdConfig): string {
  return config.orderApi === 'search' ? 'jingdong.pop.order.search' : 'jingdong.pop.order.enSearch';
}

/**
 * One page of orders modified in [from, to): JOS takes whole-second bounds, both included
 * (UNCONFIRMED), so the window asks for its first second through the second before `to`.
 */
export async function searchOrders(client: JdClient, config: ResolvedJdConfig, from: number, to: number, page: number, pageSize = config.pageSize): Promise<{ items: JdOrderInfo[]; total: number }> {
  const method = searchMethod(config);
  const first = Math.ceil(from / 1000);
  const last = Math.ceil(to / 1000) - 1;
  // A window inside one second holds no whole second: JD's times have none to offer there.
  if (last < first) return { items: [], total: 0 };
  const body = await client.call<{ searchorderinfo_result?: SearchOrderResult }>(method, {
    start_date: formatJdTime(first * 1000),
    end_date: formatJdTime(last * 1000),
    order_state: ORDER_STATES.join(','),
    optional_fields: ORDER_FIELDS.join(','),
    page: String(page),
    page_size: String(pageSize),
    dateType: config.dateType,
    // Newest modified first (UNCONFIRMED meaning); paging backwards is safe either way.
    sortType: 1,
  });
  const result = body.searchorderinfo_result;
  if (result?.apiResult?.success === false) {
    const said = [result.apiResult.englistErrorMsg, result.apiResult.chineseErrorMsg].filter(Boolean).join(' / ');
    throw new UpstreamError(`jd refused ${method} for ${formatJdTime(from)}..${formatJdTime(to)} page ${page}: ${said || 'no reason given'} (${result.apiResult.code ?? '?'})`, {
      platformCode: result.apiResult.code, code: 'UPSTREAM_REJECTED', retryable: false,
    });
  }
  return { items: result?.orderInfoList ?? [], total: Number(result?.orderTotal ?? 0) };
}

/**
 * The `orders` stream: every order of the shop (all states) by modified time, in windows of
 * `windowHours` from the saved `until`, each window paged from its last page back (an order
 * modified mid-scan leaves the window and moves the rest forward: walking backwards sees the rest
 * again at worst). The gateway's clock decides "now": the source has learnt it by the first call.
 */
export function ordersStream(client: JdClient, config: ResolvedJdConfig): SourceStream {
  const encrypted = config.orderApi === 'enSearch';
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['order_id'], cursorField: 'updated_at' },
    async *read(options) {
      // One cheap call first, so "now" is the gateway's (a window ending in its future loses orders).
      await searchOrders(client, config, client.clock.now() - 60_000, client.clock.now() - 1000, 1, 1);
      const now = client.clock.now();
      yield* readTimeWindows<JdOrderInfo>({
        state: options.state,
        fullRefresh: options.fullRefresh,
        batchSize: options.batchSize,
        now,
        start: config.startDate ?? now - config.lookbackDays * DAY,
        lookbackMs: config.lookbackDays * DAY,
        maxWindowMs: config.windowHours * 3600_000,
        lagMs: config.lagSeconds * 1000,
        fetchWindow: (from, to) => pagesBackwards(refetchingRepeats((page) => searchOrders(client, config, from, to, page), (o) => `${String(o.orderId)}@${o.modified}`), config.pageSize),
        toRecord: (o) => toOrderRecord(o, encrypted) as unknown as Record<string, unknown>,
        identity: (o) => `${String(o.orderId)}@${o.modified}`,
      });
    },
  };
}

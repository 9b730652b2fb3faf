import { UpstreamError, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import type { PddClient } from '../pdd-client.js';
import type { ResolvedPddConfig } from '../pdd-config.js';
import { readIncrements } from './increment-reader.js';
import { toOrderRecord, type PddOrder } from './order-record.js';

/** The API the orders stream reads. */
export const ORDER_INCREMENT_API = 'pdd.order.number.list.increment.get';

interface OrderIncrementAnswer {
  order_sn_increment_get_response?: { total_count?: number; has_next?: boolean; order_sn_list?: PddOrder[] };
}

/** One page of orders updated in [start, end] (Unix seconds), of every status and after-sale state. */
export async function fetchOrderPage(client: PddClient, config: ResolvedPddConfig, start: number, end: number, page: number, pageSize = config.pageSize) {
  const answer = await client.call<OrderIncrementAnswer>(ORDER_INCREMENT_API, {
    start_updated_at: start,
    end_updated_at: end,
    order_status: 5,
    refund_status: 5,
    is_lucky_flag: 0,
    page,
    page_size: pageSize,
  });
  const body = answer.order_sn_increment_get_response;
  if (body === undefined) throw missingEnvelope(ORDER_INCREMENT_API, 'order_sn_increment_get_response');
  return { items: body?.order_sn_list ?? [], total: body?.total_count ?? 0 };
}

/**
 * The `orders` stream: every order of the shop, incrementally by PDD's updated_at through
 * pdd.order.number.list.increment.get. The listing carries full order objects, so no detail call
 * follows.
 */
export function ordersStream(client: PddClient, config: ResolvedPddConfig): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['order_sn'], cursorField: 'updated_at' },
    read: (options) =>
      readIncrements<PddOrder>(options, {
        config,
        fetchPage: (start, end, page) => fetchOrderPage(client, config, start, end, page),
        toRecord: (order) => toOrderRecord(order) as unknown as Record<string, unknown>,
        identity: (order) => `${String(order.order_sn)}@${String(order.updated_at)}`,
      }),
  };
}

/** An answer with neither the API's response object nor an error_response: PDD changed, or a proxy answered. */
export function missingEnvelope(api: string, key: string): UpstreamError {
  return new UpstreamError(`Pinduoduo answered ${api} without ${key} or error_response`, { code: 'BAD_RESPONSE', retryable: true });
}

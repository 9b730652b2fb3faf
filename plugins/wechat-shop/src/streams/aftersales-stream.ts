import { RecordError, readTimeWindows, type SourceStream } from '@datong/sdk';
import aftersaleSchema from '../../contracts/aftersale.schema.json' with { type: 'json' };
import { unixToIso } from '../beijing-time.js';
import type { WechatShopAftersale } from '../generated/aftersale.js';
import { fenToYuan } from '../money.js';
import { aftersaleStatus } from '../status-map.js';
import type { WechatClient } from '../wechat-client.js';
import type { ResolvedWechatConfig } from '../wechat-config.js';
import { idWindow } from './id-listing.js';
import { mapLimit } from './map-limit.js';
import { LAG_MS } from './orders-stream.js';

/** getaftersalelist: end_update_time - begin_update_time must not exceed 24 hours (errcode 10020004). */
export const AFTERSALE_MAX_WINDOW_MS = 86_400_000;

/** An after-sale order as /channels/ec/aftersale/getaftersaleorder sends it (what the record reads). */
export interface WireAftersale {
  after_sale_order_id: string | number;
  order_id: string | number;
  status: string;
  type?: string;
  openid?: string;
  unionid?: string;
  product_info?: { product_id?: string | number; sku_id?: string | number; count?: number };
  refund_info?: { amount?: number };
  return_info?: { waybill_id?: string; delivery_name?: string };
  details?: { desc?: string };
  reason?: string;
  create_time: number;
  update_time: number;
}

interface ListAnswer {
  after_sale_order_id_list?: (string | number)[];
  next_key?: string;
  has_more?: boolean;
}

const text = (value: unknown): string | null => (value === undefined || value === null || value === '' ? null : String(value));

/** The datong record of one after-sale order. */
export function toAftersaleRecord(a: WireAftersale): WechatShopAftersale {
  const meaning = aftersaleStatus(a.status);
  let refund: string | null;
  try {
    refund = fenToYuan(a.refund_info?.amount);
  } catch (error) {
    throw new RecordError(`refund_info.amount: ${(error as Error).message}`);
  }
  return {
    after_sale_order_id: String(a.after_sale_order_id),
    channel: 'wechat-shop',
    order_id: String(a.order_id),
    status: a.status as WechatShopAftersale['status'],
    type: text(a.type),
    openid: text(a.openid),
    unionid: text(a.unionid),
    customer_id: text(a.openid),
    product_id: text(a.product_info?.product_id),
    sku_id: text(a.product_info?.sku_id),
    count: a.product_info?.count ?? null,
    refund_amount: refund,
    currency: 'CNY',
    reason: text(a.reason ?? a.details?.desc),
    return_waybill_id: text(a.return_info?.waybill_id),
    return_delivery_name: text(a.return_info?.delivery_name),
    create_time: a.create_time,
    update_time: a.update_time,
    created_at: unixToIso(a.create_time),
    updated_at: unixToIso(a.update_time),
    refund_status: meaning.refund_status,
    closed: meaning.closed,
  };
}

/**
 * The `aftersales` stream of a Channels shop: ids from POST /channels/ec/aftersale/getaftersalelist
 * by begin_update_time/end_update_time (≤ 24 hours, next_key/has_more), then each after-sale from
 * /channels/ec/aftersale/getaftersaleorder.
 */
export function aftersalesStream(client: WechatClient, config: ResolvedWechatConfig): SourceStream {
  return {
    spec: { name: 'aftersales', schema: aftersaleSchema, key: ['after_sale_order_id'], cursorField: 'updated_at' },
    read: (options) => {
      const now = Date.now();
      return readTimeWindows<WireAftersale>({
        ...options,
        now,
        start: config.startDate ?? now - config.lookbackMs,
        maxWindowMs: AFTERSALE_MAX_WINDOW_MS,
        lagMs: LAG_MS,
        fetchWindow: (from, to) =>
          idWindow<WireAftersale>({
            recheck: config.recheckWindows,
            listPage: async (nextKey) => {
              const answer = await client.post<ListAnswer>('/channels/ec/aftersale/getaftersalelist', {
                begin_update_time: Math.ceil(from / 1000),
                end_update_time: Math.floor(to / 1000),
                ...(nextKey === '' ? {} : { next_key: nextKey }),
              });
              return { ids: (answer.after_sale_order_id_list ?? []).map(String), nextKey: answer.next_key ?? '', hasMore: answer.has_more === true };
            },
            details: (ids) =>
              mapLimit(ids, config.detailConcurrency, async (id) =>
                (await client.post<{ after_sale_order: WireAftersale }>('/channels/ec/aftersale/getaftersaleorder', { after_sale_order_id: id })).after_sale_order),
          }),
        toRecord: (a) => toAftersaleRecord(a) as unknown as Record<string, unknown>,
        identity: (a) => `${a.after_sale_order_id}@${a.update_time}`,
      });
    },
  };
}

import { RecordError, readTimeWindows, type SourceStream } from '@datong/sdk';
import refundSchema from '../../contracts/refund.schema.json' with { type: 'json' };
import type { TaobaoRefund } from '../generated/refund.js';
import { REFUND_STATUS_MAP } from '../status-map.js';
import { LOOKBACK_MS, type ResolvedTaobaoConfig } from '../taobao-config.js';
import type { TopClient } from '../top-client.js';
import { topTimeToIso } from '../top-time.js';
import { yuan } from '../yuan.js';
import { modifiedListing } from './modified-listing.js';

/** A refund as taobao.refunds.receive.get lists it (ids quoted by the client). */
interface TopRefund {
  refund_id: string | number;
  tid: string | number;
  oid?: string | number;
  status: string;
  order_status?: string;
  good_status?: string;
  has_good_return?: boolean;
  refund_phase?: string;
  title?: string;
  num?: number;
  total_fee?: string;
  payment?: string;
  refund_fee?: string;
  reason?: string;
  desc?: string;
  company_name?: string;
  sid?: string;
  created: string;
  modified: string;
  buyer_open_uid?: string;
  buyer_nick?: string;
}

/** The fields refunds.receive.get documents (bububa/opentaobao TaobaoRefundsReceiveGetAPIRequest.go), plus buyer_open_uid. */
const REFUND_FIELDS = [
  'refund_id', 'tid', 'oid', 'title', 'buyer_nick', 'buyer_open_uid', 'total_fee', 'status', 'created', 'refund_fee', 'good_status',
  'company_name', 'sid', 'payment', 'reason', 'desc', 'has_good_return', 'modified', 'order_status', 'refund_phase', 'num',
].join(',');

/**
 * The `refunds` stream: after-sale requests the seller received, by modified time, through
 * taobao.refunds.receive.get in the same windows as orders (its own window limit is not
 * documented: UNCONFIRMED) and paged from the last page back. One record per refund (per sub-order).
 */
export function refundsStream(client: TopClient, config: ResolvedTaobaoConfig, now: () => number = Date.now): SourceStream {
  return {
    spec: { name: 'refunds', schema: refundSchema, key: ['refund_id'], cursorField: 'updated_at' },
    read: (options) => {
      const at = now();
      return readTimeWindows<TopRefund>({
        ...options,
        now: at,
        start: config.startDate ?? at - LOOKBACK_MS,
        lookbackMs: LOOKBACK_MS,
        maxWindowMs: config.windowMinutes * 60_000,
        lagMs: config.lagSeconds * 1000,
        fetchWindow: (from, to) => modifiedListing<TopRefund>(client, {
          method: 'taobao.refunds.receive.get',
          wrapper: 'refunds',
          item: 'refund',
          bounds: ['start_modified', 'end_modified'],
          params: { fields: REFUND_FIELDS },
        }, from, to, config.pageSize),
        identity: (refund) => `${refund.refund_id}@${refund.modified}`,
        toRecord: (refund) => toRefundRecord(refund, config.channel) as unknown as Record<string, unknown>,
      });
    },
  };
}

/** The refund record: TOP's values kept, ISO times, the exact amount and the canonical refund status. */
export function toRefundRecord(refund: TopRefund, channel: TaobaoRefund['channel']): TaobaoRefund {
  const canonical = Object.hasOwn(REFUND_STATUS_MAP, refund.status) ? REFUND_STATUS_MAP[refund.status] : undefined;
  if (!canonical) {
    throw new RecordError(`Taobao refund status "${refund.status}" has no canonical mapping (known: ${Object.keys(REFUND_STATUS_MAP).join(', ')})`, { code: 'UNMAPPED_VALUE' });
  }
  return {
    refund_id: String(refund.refund_id),
    tid: String(refund.tid),
    oid: refund.oid === undefined ? null : String(refund.oid),
    channel,
    status: refund.status as TaobaoRefund['status'],
    order_status: refund.order_status ?? null,
    good_status: refund.good_status ?? null,
    has_good_return: refund.has_good_return ?? null,
    refund_phase: refund.refund_phase ?? null,
    title: refund.title ?? null,
    num: refund.num ?? null,
    total_fee: money(refund.total_fee, 'total_fee'),
    payment: money(refund.payment, 'payment'),
    refund_fee: money(refund.refund_fee, 'refund_fee'),
    refund_amount: money(refund.refund_fee, 'refund_fee') ?? '0.00',
    currency: 'CNY',
    reason: refund.reason ?? null,
    desc: refund.desc ?? null,
    company_name: refund.company_name ?? null,
    sid: refund.sid ?? null,
    created: refund.created,
    modified: refund.modified,
    created_at: time(refund.created, 'created'),
    updated_at: time(refund.modified, 'modified'),
    customer_id: refund.buyer_open_uid || null,
    buyer_open_uid: refund.buyer_open_uid || null,
    buyer_nick: refund.buyer_nick ?? null,
    // NO_REFUND never names a refund record: a listed refund that was closed is withdrawn (none).
    refund_status: canonical,
  };
}

function money(value: string | undefined, field: string): string | null {
  if (value === undefined || value === '') return null;
  const exact = yuan(value);
  if (exact === undefined) throw new RecordError(`Taobao refund ${field} "${value}" is not an amount in yuan`, { code: 'INVALID_VALUE' });
  return exact;
}

function time(value: string, field: string): string {
  const out = topTimeToIso(value);
  if (out === undefined) throw new RecordError(`Taobao refund ${field} "${value}" is not a TOP time`, { code: 'INVALID_VALUE' });
  return out;
}

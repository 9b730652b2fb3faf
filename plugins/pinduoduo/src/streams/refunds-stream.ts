import type { SourceStream } from '@datong/sdk';
import refundSchema from '../../contracts/refund.schema.json' with { type: 'json' };
import type { PddClient } from '../pdd-client.js';
import type { ResolvedPddConfig } from '../pdd-config.js';
import { readIncrements } from './increment-reader.js';
import { missingEnvelope } from './orders-stream.js';
import { toRefundRecord, type PddRefund } from './refund-record.js';

/** The API the refunds stream reads. */
export const REFUND_INCREMENT_API = 'pdd.refund.list.increment.get';

interface RefundIncrementAnswer {
  refund_increment_get_response?: { total_count?: number; refund_list?: PddRefund[] };
}

/**
 * The `refunds` stream: every after-sales case, incrementally by updated_time through
 * pdd.refund.list.increment.get (30-minute windows, paged backwards like orders). after_sales_status
 * 1 and after_sales_type 1 ask for every state and type (UNCONFIRMED: the SDK's field comment lists
 * no "all" state; 1 is what the platform's API page gives for it).
 */
export function refundsStream(client: PddClient, config: ResolvedPddConfig): SourceStream {
  return {
    spec: { name: 'refunds', schema: refundSchema, key: ['id'], cursorField: 'updated_at' },
    read: (options) =>
      readIncrements<PddRefund>(options, {
        config,
        fetchPage: async (start, end, page) => {
          const answer = await client.call<RefundIncrementAnswer>(REFUND_INCREMENT_API, {
            start_updated_at: start,
            end_updated_at: end,
            after_sales_status: 1,
            after_sales_type: 1,
            page,
            page_size: config.pageSize,
          });
          const body = answer.refund_increment_get_response;
          if (body === undefined) throw missingEnvelope(REFUND_INCREMENT_API, 'refund_increment_get_response');
          return { items: body?.refund_list ?? [], total: body?.total_count ?? 0 };
        },
        toRecord: (refund) => toRefundRecord(refund) as unknown as Record<string, unknown>,
        identity: (refund) => `${String(refund.id)}@${String(refund.updated_time)}`,
      }),
  };
}

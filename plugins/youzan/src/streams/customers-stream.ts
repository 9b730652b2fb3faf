import { readTimeWindows, RecordError, WindowTooWide, type SourceStream } from '@datong/sdk';
import customerSchema from '../../contracts/customer.schema.json' with { type: 'json' };
import { isoFromEpoch } from '../china-time.js';
import type { YouzanCustomer } from '../generated/customer.js';
import { plainPhone } from '../pii.js';
import type { YouzanClient } from '../youzan-client.js';
import { LOOKBACK_MS, type ResolvedYouzanConfig } from '../youzan-config.js';
import { windowPages } from './window-pages.js';

/** customer.list: page_size at most 50, and no more than 10,000 results per query. */
const PAGE_SIZE = 50;
const MAX_RESULTS = 10_000;

type CustomerItem = Record<string, unknown>;

/**
 * The `customers` stream: youzan.scrm.customer.list 1.0.0 by the moment one became a customer
 * (created_at_start/_end, Unix seconds), the only time filter it has. A customer edited later is
 * not listed again: the README says so, and SCRM_CUSTOMER_EVENT pushes only trigger this read.
 */
export function customersStream(client: YouzanClient, config: ResolvedYouzanConfig, now: () => number): SourceStream {
  return {
    spec: { name: 'customers', schema: customerSchema, key: ['yz_open_id'], cursorField: 'created_at' },
    read: (options) => {
      const at = now();
      return readTimeWindows<CustomerItem>({
        ...options,
        now: at,
        start: config.startDate ?? at - LOOKBACK_MS,
        maxWindowMs: config.windowMs,
        lagMs: config.lagMs,
        overlapMs: config.overlapMs,
        fetchWindow: (from, to) =>
          windowPages(async (page) => {
            const data = await client.call<{ total?: number; record_list?: CustomerItem[] }>('youzan.scrm.customer.list', '1.0.0', {
              created_at_start: Math.floor(from / 1000),
              created_at_end: Math.floor(to / 1000),
              page_no: page,
              page_size: PAGE_SIZE,
            });
            const total = Number(data.total ?? 0);
            if (total > MAX_RESULTS) throw new WindowTooWide(`${total} customers in one window, more than customer.list serves`);
            return { items: data.record_list ?? [], total };
          }, PAGE_SIZE, (item) => String(item.yz_open_id)),
        toRecord: (item) => customerRecord(item) as unknown as Record<string, unknown>,
        identity: (item) => `${String(item.yz_open_id)}@${String(item.created_at)}`,
      });
    },
  };
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const int = (v: unknown): number | null => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

export function customerRecord(item: CustomerItem): YouzanCustomer {
  const id = text(item.yz_open_id);
  if (!id) throw new RecordError('yz_open_id is missing', { code: 'KEY_MISSING' });
  return {
    yz_open_id: id,
    channel: 'youzan',
    name: text(item.name),
    show_name: text(item.show_name),
    mobile: text(item.mobile),
    phone: plainPhone(item.mobile),
    is_member: int(item.is_member),
    points: int(item.points),
    trade_count: int(item.trade_count),
    is_mobile_auth: typeof item.is_mobile_auth === 'boolean' ? item.is_mobile_auth : null,
    created_at: isoFromEpoch(item.created_at, 'created_at'),
  };
}

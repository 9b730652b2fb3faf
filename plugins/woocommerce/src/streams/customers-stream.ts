import { pagesBackwards, type ReadOptions, type SourceBatch, type SourceItem, type SourceStream } from '@datong/sdk';
import customerSchema from '../../contracts/customer.schema.json' with { type: 'json' };
import type { WooCommerceCustomer } from '../generated/customer.js';
import type { ResolvedWooConfig } from '../woo-config.js';
import type { WooClient } from '../woo-client.js';
import { toAddress } from './order-record.js';
import { gmtIso, gmtMs, type WooCustomerJson } from './woo-json.js';

/** What the customers stream persists: every customer modified before `until` has been delivered. */
export interface CustomersState {
  until?: string;
}

/**
 * The `customers` stream: registered customers of every role (`role=all`; the default lists only
 * the `customer` role). WooCommerce's customers listing documents no modified-time filter, so each
 * run walks the whole listing by id, from the last page back (a customer deleted mid-scan shifts
 * the ones behind it forward: walking back never skips one), and delivers those modified since the
 * last run's end less the overlap. Customers registered during the scan come with the next run.
 */
export function customersStream(client: WooClient, config: ResolvedWooConfig): SourceStream {
  return {
    spec: { name: 'customers', schema: customerSchema, key: ['id'], cursorField: 'updated_at' },
    read: (options) => readCustomers(client, config, options),
  };
}

async function* readCustomers(client: WooClient, config: ResolvedWooConfig, options: ReadOptions): AsyncGenerator<SourceBatch> {
  const saved = options.fullRefresh ? undefined : untilOf(options.state);
  const since = saved === undefined ? -Infinity : saved - config.overlapMs;
  const end = Date.now() - config.lagMs;
  const kept: CustomersState = saved === undefined ? {} : { until: new Date(saved).toISOString() };
  const seen = new Set<string>();
  let pending: SourceItem[] = [];
  let done = 0;
  const pages = pagesBackwards(async (page) => {
    const listed = await client.list<WooCustomerJson>('/customers', { role: 'all', orderby: 'id', order: 'asc', per_page: config.pageSize, page });
    return { items: listed.items, total: listed.total };
  }, config.pageSize);
  for await (const page of pages) {
    for (const customer of page) {
      const version = customer.date_modified_gmt ?? customer.date_created_gmt;
      const id = `${customer.id}@${version}`;
      if (seen.has(id) || gmtMs(version) < since) continue;
      seen.add(id);
      pending.push({ record: toCustomerRecord(customer) as unknown as Record<string, unknown> });
      if (pending.length >= options.batchSize) {
        done += pending.length;
        yield { items: pending, state: kept, progress: { done, unit: 'records' } };
        pending = [];
      }
    }
  }
  done += pending.length;
  yield { items: pending, state: { until: new Date(end).toISOString() } satisfies CustomersState, progress: { done, unit: 'records' } };
}

/** The customer record: WooCommerce's values in snake_case; the phone is billing.phone as typed. */
export function toCustomerRecord(customer: WooCustomerJson): WooCommerceCustomer {
  const billing = toAddress(customer.billing);
  const modified = customer.date_modified_gmt ?? null;
  return {
    id: String(customer.id),
    channel: 'woocommerce',
    email: customer.email,
    first_name: customer.first_name ?? null,
    last_name: customer.last_name ?? null,
    username: customer.username ?? null,
    role: customer.role ?? null,
    is_paying_customer: customer.is_paying_customer ?? null,
    phone: billing.phone === undefined || billing.phone === '' ? null : billing.phone,
    created_at: gmtIso(customer.date_created_gmt),
    updated_at: gmtIso(modified ?? customer.date_created_gmt),
    date_created_gmt: customer.date_created_gmt,
    date_modified_gmt: modified,
    billing,
    shipping: toAddress(customer.shipping),
  };
}

function untilOf(state: unknown): number | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const until = (state as CustomersState).until;
  const ms = typeof until === 'string' ? Date.parse(until) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

import type { FieldValue } from './search-query.js';
import { orderTotals, type EmuCustomer, type EmuOrder } from './shop-data.js';

// The 2025-01 `fulfillment_status` filter values and the display statuses each selects.
const FULFILLMENT_FILTER: Record<string, string[]> = {
  unshipped: ['UNFULFILLED', 'OPEN', 'ON_HOLD', 'SCHEDULED', 'REQUEST_DECLINED', 'IN_PROGRESS', 'PENDING_FULFILLMENT'],
  unfulfilled: ['UNFULFILLED', 'OPEN'],
  shipped: ['FULFILLED'],
  fulfilled: ['FULFILLED'],
  partial: ['PARTIALLY_FULFILLED'],
  scheduled: ['SCHEDULED'],
  on_hold: ['ON_HOLD'],
  request_declined: ['REQUEST_DECLINED'],
};

/** An order's value for a search field (the 2025-01 `orders(query:)` filters; unknown ones are ignored). */
export function orderField(o: EmuOrder, field: string | undefined): FieldValue {
  switch (field) {
    case undefined:
    case 'default':
      return { kind: 'text', values: [`#${o.number}`, String(o.number), o.email ?? '', o.phone ?? '', ...o.tags] };
    case 'updated_at':
      return { kind: 'time', ms: o.updatedAt };
    case 'created_at':
      return { kind: 'time', ms: o.createdAt };
    case 'processed_at':
      return { kind: 'time', ms: o.processedAt };
    case 'id':
      return { kind: 'number', value: o.id };
    case 'customer_id':
      return { kind: 'number', value: o.customerId };
    case 'name':
      return { kind: 'text', values: [`#${o.number}`, String(o.number)] };
    case 'email':
      return { kind: 'text', values: o.email ? [o.email] : [] };
    case 'tag':
      return { kind: 'text', values: o.tags };
    case 'test':
      return { kind: 'boolean', value: o.test };
    case 'sku':
      return { kind: 'text', values: o.lineItems.map((l) => l.sku ?? '').filter(Boolean) };
    case 'financial_status':
      return { kind: 'text', values: o.financialStatus ? [o.financialStatus.toLowerCase()] : [] };
    case 'fulfillment_status':
      return { kind: 'text', values: Object.entries(FULFILLMENT_FILTER).filter(([, v]) => v.includes(o.fulfillmentStatus)).map(([k]) => k) };
    case 'status': {
      const values = o.cancelledAt !== null ? ['cancelled'] : o.closedAt !== null ? ['closed'] : ['open'];
      if (o.closedAt === null) values.push('not_closed');
      return { kind: 'text', values };
    }
    default:
      return { kind: 'ignored' };
  }
}

/** A customer's value for a search field: 2025-01 documents default, email, id, phone and updated_at (by whole day). */
export function customerField(c: EmuCustomer, field: string | undefined): FieldValue {
  switch (field) {
    case undefined:
    case 'default':
      return { kind: 'text', values: [c.firstName, c.lastName, `${c.firstName} ${c.lastName}`, c.email ?? '', c.phone ?? ''] };
    case 'updated_at':
      return { kind: 'time', ms: c.updatedAt, wholeDays: true };
    case 'id':
      return { kind: 'number', value: c.id };
    case 'email':
      return { kind: 'text', values: c.email ? [c.email] : [] };
    case 'phone':
      return { kind: 'text', values: c.phone ? [c.phone] : [] };
    default:
      return { kind: 'ignored' };
  }
}

/** The sort value of an OrderSortKeys key; keys not modelled sort by id (as RELEVANCE without a query does). */
export function orderSort(sortKey: string): (o: EmuOrder) => string | number {
  switch (sortKey) {
    case 'UPDATED_AT':
      return (o) => o.updatedAt;
    case 'CREATED_AT':
      return (o) => o.createdAt;
    case 'PROCESSED_AT':
      return (o) => o.processedAt;
    case 'ORDER_NUMBER':
      return (o) => o.number;
    case 'TOTAL_PRICE':
      return (o) => orderTotals(o).total;
    default:
      return (o) => o.id;
  }
}

/** The sort value of a CustomerSortKeys key. */
export function customerSort(sortKey: string): (c: EmuCustomer) => string | number {
  switch (sortKey) {
    case 'UPDATED_AT':
      return (c) => c.updatedAt;
    case 'CREATED_AT':
      return (c) => c.createdAt;
    case 'NAME':
      return (c) => `${c.firstName} ${c.lastName}`;
    default:
      return (c) => c.id;
  }
}

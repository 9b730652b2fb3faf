import type { DataRecord } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';
import type { U8Record } from './u8-client.js';

/** Line fields that are U8 saleorder entry fields of the same name. */
const LINE_FIELDS = ['inventorycode', 'quantity', 'taxunitprice', 'taxrate', 'memo'] as const;

/**
 * How a sale-order record maps to a U8 saleorder and back: `order_key` is the U8 `code`,
 * `customer_key` the customer's code (`custcode`), the link U8 keeps between an order and its
 * customer; typecode, businesstype and deptcode come from the config.
 */
export class SaleOrderCodec {
  constructor(private readonly settings: SinkSettings) {}

  toU8(key: string, record: DataRecord): U8Record {
    const body: U8Record = {
      code: key,
      date: record.date,
      businesstype: this.settings.businessType,
      typecode: this.settings.saleTypeCode,
      custcode: record.customer_key,
    };
    if (this.settings.deptCode !== undefined) body.deptcode = this.settings.deptCode;
    if (record.memo !== undefined && record.memo !== null) body.memo = record.memo;
    body.entry = lines(record.entry).map((line) => pick(line, false));
    return body;
  }

  /** The record in the shape it was written, from U8's saleorder. */
  fromU8(order: U8Record): DataRecord {
    return {
      order_key: String(order.code),
      customer_key: order.custcode === undefined || order.custcode === null ? null : String(order.custcode),
      date: typeof order.date === 'string' ? order.date.slice(0, 10) : order.date,
      memo: order.memo === undefined || order.memo === '' ? null : order.memo,
      entry: lines(order.entry).map((line) => pick(line, true)),
    };
  }
}

/** A U8 order's state once `abandon` voided it: rollback's delete of an order. */
export const ABANDONED_STATES = new Set(['abandoned', '作废', '已作废']);

export function isAbandoned(order: U8Record): boolean {
  return typeof order.state === 'string' && ABANDONED_STATES.has(order.state);
}

function lines(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((l): l is Record<string, unknown> => l !== null && typeof l === 'object') : [];
}

/** The line fields the record has (written) or U8 holds (read back; empty ones left out, as a record leaves them out). */
function pick(line: Record<string, unknown>, reading: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of LINE_FIELDS) {
    const value = line[field];
    if (value === undefined || value === null || (reading && value === '')) continue;
    out[field] = field === 'taxunitprice' && reading ? String(value) : value;
  }
  return out;
}

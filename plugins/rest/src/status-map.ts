import { RecordError, type DataRecord } from '@datong/sdk';
import type { RestCanonicalStatuses, RestStatusTable, RestStreamConfig } from './generated/source-config.js';
import { valueAt } from './record-path.js';

/** datong's four canonical statuses and their values (schemas/commerce/order.schema.json). */
export const CANONICAL_STATUS_ENUMS = {
  lifecycle_status: ['pending', 'open', 'completed', 'cancelled'],
  payment_status: ['unpaid', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'expired'],
  fulfillment_status: ['unfulfilled', 'partially_fulfilled', 'shipped', 'delivered', 'returned'],
  refund_status: ['none', 'requested', 'partially_refunded', 'refunded', 'rejected'],
} as const;

export type CanonicalField = keyof typeof CANONICAL_STATUS_ENUMS;
export type CanonicalStatuses = RestCanonicalStatuses;

/** One store status field and what each of its values means. */
export interface StatusTable {
  field: string;
  values: ReadonlyMap<string, CanonicalStatuses>;
  missing?: CanonicalStatuses;
}

/** The config's statusMap (one table or several) as tables, in order. */
export function statusTablesOf(statusMap: RestStreamConfig['statusMap']): StatusTable[] {
  if (statusMap === undefined) return [];
  const list: RestStatusTable[] = Array.isArray(statusMap) ? statusMap : [statusMap];
  return list.map((table) => ({
    field: table.field,
    values: new Map(Object.entries(table.values)),
    ...(table.missing === undefined ? {} : { missing: table.missing }),
  }));
}

/**
 * The canonical statuses a record's store statuses mean, table by table (a later table wins for a
 * status both set). A value no table lists, or an absent one without `missing`, is a RecordError
 * coded UNMAPPED_VALUE naming the field and the value: the engine dead-letters the record and the
 * run goes on.
 *
 * @example
 *   canonicalStatuses({ state: 'paid' }, [{ field: 'state', values: new Map([['paid', { payment_status: 'paid' }]]) }])
 *   // { payment_status: 'paid' }
 */
export function canonicalStatuses(record: DataRecord, tables: readonly StatusTable[]): CanonicalStatuses {
  const out: CanonicalStatuses = {};
  for (const table of tables) {
    const raw = valueAt(record, table.field);
    let meaning: CanonicalStatuses | undefined;
    if (raw === undefined || raw === null) {
      meaning = table.missing;
      if (meaning === undefined) {
        throw new RecordError(`statusMap: field "${table.field}" is ${raw === null ? 'null' : 'absent'} and the table gives no "missing" meaning`, { code: 'UNMAPPED_VALUE' });
      }
    } else {
      const value = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      meaning = table.values.get(value);
      if (meaning === undefined) {
        const known = [...table.values.keys()].join(', ');
        throw new RecordError(`statusMap: field "${table.field}" has the value "${value}", which its table does not list (it lists: ${known})`, { code: 'UNMAPPED_VALUE' });
      }
    }
    Object.assign(out, meaning);
  }
  return out;
}

/**
 * The record with its canonical statuses added. A store field of the same name as a canonical
 * status is kept as `raw_<name>`, so no raw value is lost.
 */
export function withCanonicalStatuses(record: DataRecord, tables: readonly StatusTable[]): DataRecord {
  if (tables.length === 0) return record;
  const statuses = canonicalStatuses(record, tables);
  const out: DataRecord = { ...record };
  for (const [field, value] of Object.entries(statuses)) {
    if (Object.hasOwn(record, field) && record[field] !== value) out[`raw_${field}`] = record[field];
    out[field] = value;
  }
  return out;
}

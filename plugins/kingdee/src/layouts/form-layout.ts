import type { DataRecord } from '@datong/sdk';

/**
 * How one datong object maps onto one Kingdee form: the Model a record becomes, the fields a save
 * may overwrite, and the query that reads records back in the shape they were written.
 */
export interface FormLayout {
  /** The datong object name (customers, salesOrders). */
  readonly object: string;
  readonly formId: string;
  /** The internal id: 0 creates, an existing id updates. */
  readonly idField: string;
  /** The natural key datong's key is written to (FNumber, FBillNo). */
  readonly numberField: string;
  /** The record field holding datong's key. */
  readonly keyField: string;
  /** BatchSave's IsDeleteEntry: entries left out of the Model are deleted. */
  readonly isDeleteEntry: boolean;
  /** The Model of one record; `id` is 0 to create. */
  model(key: string, record: DataRecord, id: number): Record<string, unknown>;
  /** NeedUpDateFields: the fields the record sets, nothing else is overwritten on an update. */
  updateFields(record: DataRecord): string[];
  /** ExecuteBillQuery's FieldKeys for read-back; the first two are idField and numberField. */
  readonly readFields: string[];
  readonly orderString: string;
  /** Read-back rows (in readFields order, maybe several per record) as records, by key. */
  records(rows: unknown[][]): Map<string, DataRecord>;
}

/** A base-data ref by number: `{FNumber: "VIP"}`; null clears it. */
export function ref(value: unknown): { FNumber: string } {
  return { FNumber: value === null || value === undefined ? '' : String(value) };
}

/** Text as Kingdee stores it: null is the empty string. */
export function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Text as read back: Kingdee's empty string is null, as a before-image must say "no value". */
export function nullable(value: unknown): string | null {
  return value === null || value === undefined || value === '' ? null : String(value);
}

/** `FNumber in ('a','b')`, each value's quotes doubled (FilterString is SQL-like text). */
export function inFilter(field: string, values: string[]): string {
  return `${field} in (${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')})`;
}

import { RecordError } from './errors.js';
import type { DataRecord } from './plugin.js';

/**
 * datong's stable external id for a record: the value of its one key field as text, or, for a
 * compound key, the JSON array of the values. Engine and sinks both call this, so the ledger, the
 * journal and a sink's read-back agree on every key. A missing key value is a record error.
 *
 * @example
 *   recordKey({ order_no: 'A1', channel: 'jd' }, ['channel', 'order_no']) // '["jd","A1"]'
 */
export function recordKey(record: DataRecord, keyFields: readonly string[]): string {
  if (keyFields.length === 1) return keyPart(record, keyFields[0]!);
  return JSON.stringify(keyFields.map((field) => keyPart(record, field)));
}

function keyPart(record: DataRecord, field: string): string {
  const value = record[field];
  if (value === undefined || value === null || value === '') {
    throw new RecordError(`key field "${field}" is empty`, { code: 'KEY_MISSING' });
  }
  return value instanceof Date ? value.toISOString() : String(value);
}

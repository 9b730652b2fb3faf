import { DatongError } from '@datong/sdk';
import type { TableRef } from './table-ref.js';

/**
 * What a write or a delete raises on an object opened read-only (a dry run, a reconciliation):
 * the engine opened it to look, and no statement that changes anything is sent.
 */
export function readOnlyError(table: TableRef, call: string): DatongError {
  return new DatongError(`table ${table.sql} was opened read-only (a dry run or a reconciliation): ${call} is refused and nothing was sent`, {
    code: 'SINK_READ_ONLY',
  });
}

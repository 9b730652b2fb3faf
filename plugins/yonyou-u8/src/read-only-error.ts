import { DatongError } from '@datong/sdk';

/**
 * What a write or a delete raises on an object opened read-only (a dry run, a reconciliation):
 * the engine opened it to look, and nothing reaches U8.
 */
export function readOnlyError(object: string, call: string): DatongError {
  return new DatongError(`the U8 ${object} object was opened read-only (a dry run or a reconciliation): ${call} is refused and nothing was sent`, {
    code: 'SINK_READ_ONLY',
  });
}

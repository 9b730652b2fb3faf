import { DatongError } from '@datong/sdk';

/** What write and delete raise on an object opened read-only (a dry run, a reconciliation): nothing reaches Kingdee. */
export function readOnlyError(object: string, call: string): DatongError {
  return new DatongError(`the Kingdee ${object} object was opened read-only (a dry run or a reconciliation): ${call} is refused and nothing was sent`, {
    code: 'SINK_READ_ONLY',
  });
}

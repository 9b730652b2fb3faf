import { DatongError } from '@datong/sdk';

/**
 * What a write, a delete or a merge raises on an object opened read-only (a dry run, a
 * reconciliation): the engine opened it to look, and nothing reaches HubSpot.
 */
export function readOnlyError(type: string, call: string): DatongError {
  return new DatongError(`the HubSpot ${type} object was opened read-only (a dry run or a reconciliation): ${call} is refused and nothing was sent`, {
    code: 'SINK_READ_ONLY',
  });
}

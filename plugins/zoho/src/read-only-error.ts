import { DatongError } from '@datong/sdk';

/** What write and delete raise on a module opened read-only (a dry run, a reconciliation): nothing reaches Zoho. */
export function readOnlyError(module: string, call: string): DatongError {
  return new DatongError(`the Zoho ${module} module was opened read-only (a dry run or a reconciliation): ${call} is refused and nothing was sent`, {
    code: 'SINK_READ_ONLY',
  });
}

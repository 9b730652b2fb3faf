import { createHash } from 'node:crypto';
import type { FormRef } from './jiandaoyun-api.js';

/**
 * The `transaction_id` of one `batch_create` call: a UUID (version 8, "custom") made from a SHA-256
 * of the form, the form's delete generation and the exact `data_list`. The same batch sent again
 * (an HTTP retry after a timeout, or a crashed run replaying it before its look-up can see the
 * first copy) carries the same id, and Jiandaoyun answers the first result instead of creating
 * twice. The generation goes up when the sink deletes from the form (a rollback), so recreating
 * the very records a rollback removed is a new transaction, not a replay of the old one.
 *
 * @example
 *   transactionId({ appId: 'a', entryId: 'e' }, 0, [{ _widget_1: { value: 'x' } }])
 */
export function transactionId(form: FormRef, generation: number, dataList: unknown[]): string {
  const text = `jiandaoyun-batch-create\n${form.appId}\n${form.entryId}\n${generation}\n${JSON.stringify(dataList)}`;
  const hex = createHash('sha256').update(text, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

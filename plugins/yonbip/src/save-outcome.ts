import type { SinkWriteResult } from '@datong/sdk';
import { isOk, type Envelope } from './yonbip-api.js';

/**
 * One save's answer as a per-record result: "200" is written (its id the sink id); 100004 is
 * YonBIP saying this resubmitCheckKey was saved more than an hour ago (only `data.id` comes
 * back): written too, by the earlier call; anything else (999 and its message) is this record's
 * refusal, with YonBIP's code and message, which names the field.
 */
export function saveOutcome(key: string, what: string, body: Envelope): SinkWriteResult {
  const id = idOf(body.data);
  if (isOk(body) || String(body.code) === '100004') {
    if (id !== undefined) return { key, sinkId: id };
    if (isOk(body)) return { key, error: `YonBIP saved ${what} ${key} but answered no id` };
  }
  return { key, error: `YonBIP refused ${what} ${key} (code ${String(body.code)}): ${body.message ?? 'no message'}` };
}

function idOf(data: unknown): string | undefined {
  const first = Array.isArray(data) ? (data[0] as unknown) : data;
  const id = (first as { id?: unknown } | null | undefined)?.id;
  return id === undefined || id === null ? undefined : String(id);
}

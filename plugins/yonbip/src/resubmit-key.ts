import { createHash } from 'node:crypto';

/**
 * The `resubmitCheckKey` of one save: 32 hex characters (YonBIP allows 32 at most), the MD5 of
 * the object, datong's key, a digest of exactly what is sent, and what the record was before
 * (`basis`: the version YonBIP holds, and how many times datong deleted the key).
 *
 * The same write replayed (a retry, a crash replay) has the same key, so YonBIP answers the first
 * success again (within an hour) or 100004 (later) and creates nothing. A new version of the
 * record is new content, so a new key. And the same content sent again after YonBIP's copy
 * changed (a rollback writing a before-image back) differs in `basis`: the gateway would
 * otherwise answer the old success from its cache and change nothing.
 */
export function resubmitCheckKey(object: string, key: string, data: unknown, basis: string): string {
  const content = createHash('sha256').update(stableJson(data)).digest('hex');
  return createHash('md5').update(JSON.stringify([object, key, content, basis])).digest('hex');
}

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

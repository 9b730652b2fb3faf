import type { DataRecord } from '../plugin.js';
import { compareCursors } from './compare-cursors.js';
import { differingFields } from './same-content.js';

/** The version of a record a set of reads ended with. */
export interface LatestVersion {
  cursor: unknown;
  record: DataRecord;
}

/**
 * The latest version of each key over several reads, in read order: a higher cursor wins, and on
 * a tie (or without a cursor) the later read wins, as it would overwrite the earlier in a sink.
 * Records seen twice (overlap windows, repeated pages) are fine.
 */
export function unionOfReads(reads: { key: string; record: DataRecord }[][], cursorField: string | undefined): Map<string, LatestVersion> {
  const union = new Map<string, LatestVersion>();
  for (const read of reads) {
    for (const { key, record } of read) {
      const cursor = cursorField === undefined ? undefined : record[cursorField];
      const known = union.get(key);
      if (!known || compareCursors(cursor, known.cursor) >= 0) union.set(key, { cursor, record });
    }
  }
  return union;
}

/**
 * How the union of reads differs from what the platform holds: keys never read, keys whose latest
 * read version is not the platform's (each described: `key (read cursor X, the platform holds Y)`),
 * and keys read that the platform does not hold.
 */
export function compareUnion(union: Map<string, LatestVersion>, expected: Map<string, { cursor?: unknown; record: DataRecord }>): { missing: string[]; stale: string[]; unknown: string[] } {
  const missing: string[] = [];
  const stale: string[] = [];
  for (const [key, want] of expected) {
    const got = union.get(key);
    if (!got) {
      missing.push(key);
    } else if (want.cursor !== undefined && got.cursor !== undefined) {
      if (compareCursors(got.cursor, want.cursor) !== 0) stale.push(`${key} (read cursor ${show(got.cursor)}, the platform holds ${show(want.cursor)})`);
    } else {
      // No cursor to compare: the fields both versions carry must agree.
      const shared = Object.fromEntries(Object.entries(want.record).filter(([field]) => field in got.record));
      const fields = differingFields(shared, got.record);
      if (fields.length) stale.push(`${key} (fields ${fields.join(', ')} differ from the platform's)`);
    }
  }
  const unknown = [...union.keys()].filter((key) => !expected.has(key));
  return { missing, stale, unknown };
}

function show(value: unknown): string {
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}

import type { DataRecord } from '../plugin.js';

/** Which field of a record names it and which holds its version, for `latestVersions`. */
export interface LatestVersionsOptions {
  /** The field that names a record, or a function that gives its name (as text); `id` unless told. */
  key?: string | ((record: DataRecord) => unknown);
  /** The field holding the record's version, a timestamp `Date.parse` reads; `updated_at` unless told. */
  version?: string;
}

/**
 * The latest version read of each record over several reads: its key → its version field as read
 * (text). Versions are ordered by the moment they name (`Date.parse`), so `+08:00` and `Z` text
 * compare as moments; of two equal ones the later read wins. For a plugin's own tests of its
 * cursors and resumes: the union of a run cut short and the run resumed from its state.
 *
 * @example
 *   const read = latestVersions([cut.records, resumed.records], { key: 'tid' });
 */
export function latestVersions(reads: readonly (readonly DataRecord[])[], options: LatestVersionsOptions = {}): Map<string, string> {
  const { key = 'id', version = 'updated_at' } = options;
  const keyOf = typeof key === 'function' ? key : (record: DataRecord) => record[key];
  const latest = new Map<string, string>();
  for (const records of reads) {
    for (const record of records) {
      const id = String(keyOf(record));
      const at = String(record[version]);
      const known = latest.get(id);
      if (known === undefined || Date.parse(at) >= Date.parse(known)) latest.set(id, at);
    }
  }
  return latest;
}

/**
 * Checks what was read (as `latestVersions` gives it) against what the emulator holds (key →
 * version): the keys the reads missed, and the keys whose latest version read is not the
 * emulator's (compared as moments, so the text may differ in zone). Both empty: nothing lost.
 *
 * @example
 *   t.same(compareVersions(latestVersions([run.records]), expected), { missing: [], stale: [] });
 */
export function compareVersions(read: ReadonlyMap<string, string>, expected: ReadonlyMap<string, string>): { missing: string[]; stale: string[] } {
  const missing = [...expected.keys()].filter((k) => !read.has(k));
  const stale = [...expected].filter(([k, v]) => read.has(k) && Date.parse(read.get(k)!) !== Date.parse(v)).map(([k]) => k);
  return { missing, stale };
}

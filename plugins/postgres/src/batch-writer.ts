import type { DataRecord } from '@datong/sdk';

/**
 * Upserts one batch of records (deduplicated by key) in one transaction. `beforeCommit` runs
 * after the rows have reached the database and before the commit: the crash-test hook.
 */
export interface BatchWriter {
  write(records: readonly DataRecord[], beforeCommit: () => void): Promise<void>;
}

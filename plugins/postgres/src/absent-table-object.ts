import type { DataRecord, SinkObject, SinkObjectSpec } from '@datong/sdk';
import { readOnlyError } from './read-only-error.js';
import type { TableRef } from './table-ref.js';

/**
 * A sink object opened read-only whose table does not exist yet (a run would create it): it holds
 * no records, so read-back and scan find nothing without a query, and write and delete throw.
 */
export class AbsentTableObject implements SinkObject {
  constructor(
    readonly spec: SinkObjectSpec,
    private readonly table: TableRef,
  ) {}

  async write(): Promise<void> {
    throw readOnlyError(this.table, 'write');
  }

  async readBack(): Promise<Map<string, DataRecord>> {
    return new Map();
  }

  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    // No table, no rows: nothing to yield.
  }

  async delete(): Promise<void> {
    throw readOnlyError(this.table, 'delete');
  }
}

import type { Logger } from '@datong/sdk';
import { runLimited, slices } from '@datong/sdk';
import type { XobjectApi, XRecord } from './xobject-api.js';
import { selectIn } from './xoql.js';

/**
 * Finds records by a field's values with XOQL, at most `batchSize` values per query (Xiaoshouyi
 * has no upsert by external id, so every write looks its keys up first). When a key is held twice
 * (made by hand, or by a tool before datong) the oldest record, the lowest id, is the one used.
 */
export class KeyLookup {
  constructor(
    private readonly api: XobjectApi,
    private readonly batchSize: number,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  /** The records of `object` whose `field` is one of `values`, by that value. */
  async find(object: string, field: string, values: string[], select: string[]): Promise<Map<string, XRecord>> {
    const found = new Map<string, XRecord>();
    const wanted = [...new Set(values)];
    await runLimited(slices(wanted, this.batchSize), this.concurrency, async (slice) => {
      for (const record of await this.api.query(selectIn(object, ['id', field, ...select], field, slice))) {
        const value = record[field];
        if (value === undefined || value === null) continue;
        const key = String(value);
        if (!slice.includes(key)) continue;
        const earlier = found.get(key);
        if (earlier !== undefined) {
          this.logger.warn(`xiaoshouyi: ${object} holds ${key} twice (ids ${String(earlier.id)} and ${String(record.id)}); the sink uses the older one`, { object, key });
          if (Number(record.id) > Number(earlier.id)) continue;
        }
        found.set(key, record);
      }
    });
    return found;
  }

  /** The ids of the records of `object` whose `field` is one of `values`. */
  async ids(object: string, field: string, values: string[]): Promise<Map<string, string>> {
    const found = await this.find(object, field, values, []);
    return new Map([...found].map(([key, record]) => [key, String(record.id)]));
  }
}

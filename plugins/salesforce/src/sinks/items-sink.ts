import type { DataRecord, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { MAX_BATCH, type SalesforceClient } from '../client.js';

/**
 * The `items` object: each record is upserted under datong's key as the platform's
 * `external_id`, so writing a batch again (a retry, a crash replay) replaces rather than
 * duplicates. The platform refuses records one by one; a refused record is reported with its
 * reason and goes to the dead letters, while the rest of the batch is written. `readBack` gives
 * the engine the before-images a rollback restores, and `delete` undoes a creation.
 */
export function itemsSink(client: SalesforceClient, spec: SinkObjectSpec): SinkObject {
  return {
    spec,
    async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
      // A key twice in one batch: its last version wins, as it would written one after the other.
      const latest = new Map(batch.map((write) => [write.key, write.record]));
      const outcome = new Map<string, SinkWriteResult>();
      for (const keys of chunks([...latest.keys()])) {
        if (outcome.size > 0) ctx.fault('mid-batch');
        const answer = await client.upsert(keys.map((key) => ({ external_id: key, properties: latest.get(key)! })));
        for (const { external_id, id } of answer.results) outcome.set(external_id, { key: external_id, sinkId: id });
        for (const { external_id, message } of answer.errors) outcome.set(external_id, { key: external_id, error: message });
      }
      return batch.map(({ key }) => outcome.get(key) ?? { key, error: 'salesforce did not report this record as written' });
    },
    async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
      const found = new Map<string, DataRecord>();
      for (const part of chunks(keys)) {
        for (const item of await client.read(part)) found.set(item.external_id, item.properties);
      }
      return found;
    },
    async delete(keys: string[]): Promise<void> {
      for (const part of chunks(keys)) await client.delete(part);
    },
  };
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH) out.push(items.slice(i, i + MAX_BATCH));
  return out;
}

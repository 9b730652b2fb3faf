import type { DataRecord, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { latestByKey, runSlices } from '@datong/sdk';
import { BATCH_SIZE, type CrmApi, type UpsertEntry, type ZohoRow } from '../crm-api.js';
import type { ModuleLayout } from '../module-layout.js';
import { readOnlyError } from '../read-only-error.js';
import { describeRefusal } from '../zoho-error.js';

type Outcome = { sinkId: string } | { error: string } | { deferred: string };

/**
 * One Zoho module (Contacts or Deals) as a datong sink object: records upserted in batches of 100
 * with keyField as the duplicate-check field, so a replay updates instead of inserting; a record
 * Zoho refuses is reported with Zoho's code and field while the rest are written. Deals are linked
 * to their contact through the Contact_Name lookup, resolved by one search per 100 deals; a deal
 * whose contact Zoho does not hold yet is deferred. Opened read-only it only reads.
 */
export class ModuleSink implements SinkObject {
  constructor(
    readonly spec: SinkObjectSpec,
    private readonly api: CrmApi,
    private readonly layout: ModuleLayout,
    private readonly concurrency: number,
  ) {}

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.layout.module, 'write');
    // A key twice in one batch: the last version wins, as if written one after the other.
    const latest = latestByKey(batch);
    const outcomes = new Map<string, Outcome>();
    const contactIds = await this.resolveContacts(latest, outcomes);
    const writes = latest.filter((w) => !outcomes.has(w.key));

    await runSlices(writes, BATCH_SIZE, this.concurrency, async (slice, index) => {
      if (index > 0) ctx.fault('mid-batch');
      const data = slice.map((w) => this.layout.toZoho(w.key, w.record, this.contactIdFor(w.record, contactIds)));
      const answer = await this.api.upsert(this.layout.module, data);
      slice.forEach((write, i) => outcomes.set(write.key, outcome(answer[i])));
    });
    return batch.map((w) => ({ key: w.key, ...outcomes.get(w.key)! }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const rows = await this.find([...new Set(keys)], this.layout.readFields());
    const contactKeys = await this.contactKeys(rows);
    return new Map(rows.map((row) => [String(row[this.layout.keyField]), this.layout.fromZoho(row, contactKeys)]));
  }

  /** Every record holding a datong key, a page of up to 200 per call; records made by hand (no key) are passed over. */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    for (let page = 1; ; page++) {
      const { rows, more } = await this.api.list(this.layout.module, this.layout.readFields(), page);
      const keyed = rows.filter((row) => typeof row[this.layout.keyField] === 'string' && row[this.layout.keyField] !== '');
      const contactKeys = await this.contactKeys(keyed);
      if (keyed.length > 0) yield keyed.map((row) => ({ key: String(row[this.layout.keyField]), record: this.layout.fromZoho(row, contactKeys) }));
      if (!more) return;
    }
  }

  /** Deletes the records holding these keys (Zoho keeps them 60 days in its recycle bin); keys it lacks are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.layout.module, 'delete');
    const rows = await this.find([...new Set(keys)], [this.layout.keyField]);
    await runSlices(rows.map((r) => r.id), BATCH_SIZE, this.concurrency, async (ids) => {
      const answer = await this.api.delete(this.layout.module, ids);
      const refused = answer.filter((entry) => entry.status === 'error' && entry.code !== 'INVALID_DATA');
      if (refused.length > 0) throw new Error(`Zoho refused to delete ${this.layout.module}: ${refused.map(describeRefusal).join('; ')}`);
    });
  }

  /** The records holding these keys: one search per 100 keys. */
  private async find(keys: string[], fields: string[]): Promise<ZohoRow[]> {
    const wanted = new Set(keys);
    const pages = await runSlices(keys, BATCH_SIZE, this.concurrency, (slice) => this.api.searchIn(this.layout.module, this.layout.keyField, slice, fields));
    return pages.flat().filter((row) => wanted.has(String(row[this.layout.keyField])));
  }

  /**
   * The Zoho ids of the contacts the deals name, by one search of Contacts per 100 customer keys;
   * a deal naming a contact Zoho does not hold is deferred: the engine retries it next run.
   */
  private async resolveContacts(writes: SinkWrite[], outcomes: Map<string, Outcome>): Promise<Map<string, string>> {
    if (!this.layout.isDeals) return new Map();
    const wanted = [...new Set(writes.map((w) => this.layout.customerKeyOf(w.record)).filter((k): k is string => typeof k === 'string'))];
    const ids = new Map<string, string>();
    const pages = await runSlices(wanted, BATCH_SIZE, this.concurrency, (slice) => this.api.searchIn('Contacts', this.layout.keyField, slice, [this.layout.keyField]));
    for (const row of pages.flat()) ids.set(String(row[this.layout.keyField]), row.id);
    for (const write of writes) {
      const key = this.layout.customerKeyOf(write.record);
      if (typeof key === 'string' && !ids.has(key)) {
        outcomes.set(write.key, { deferred: `contact ${key} is not in Zoho yet: the deal waits for it and is retried on the next run` });
      }
    }
    return ids;
  }

  private contactIdFor(record: DataRecord, contactIds: Map<string, string>): string | null | undefined {
    if (!this.layout.isDeals) return undefined;
    const key = this.layout.customerKeyOf(record);
    return typeof key === 'string' ? contactIds.get(key) : key;
  }

  /** For deals read back: the datong keys of the contacts their Contact_Name lookups point at. */
  private async contactKeys(rows: ZohoRow[]): Promise<Map<string, string> | undefined> {
    if (!this.layout.isDeals) return undefined;
    const ids = [...new Set(rows.map((r) => (r.Contact_Name as { id?: unknown } | null)?.id).filter((id) => id !== undefined && id !== null).map(String))];
    const pages = await runSlices(ids, BATCH_SIZE, this.concurrency, (slice) => this.api.byIds('Contacts', slice, [this.layout.keyField]));
    const keys = new Map<string, string>();
    for (const row of pages.flat()) if (typeof row[this.layout.keyField] === 'string') keys.set(String(row.id), String(row[this.layout.keyField]));
    return keys;
  }
}

/** One record's fate from its entry in Zoho's answer. */
function outcome(entry: UpsertEntry | undefined): Outcome {
  if (!entry) return { error: 'Zoho answered no entry for this record' };
  const id = entry.details?.id;
  if (entry.status === 'success' && entry.code === 'SUCCESS' && id !== undefined) return { sinkId: String(id) };
  return { error: describeRefusal(entry) };
}

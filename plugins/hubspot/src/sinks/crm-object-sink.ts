import { latestByKey, runSlices } from '@datong/sdk';
import type { DataRecord, PluginContext, SinkMergeOutcome, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { upsertBatch, type UpsertOutcome } from '../batch-upsert.js';
import { BATCH_SIZE, type CrmApi } from '../crm-api.js';
import { DealAssociations, failOnOtherErrors } from '../deal-associations.js';
import { mergeRecords } from '../merge-records.js';
import { CONTACT_KEY, type ObjectLayout } from '../object-layout.js';
import { readOnlyError } from '../read-only-error.js';

/**
 * One HubSpot object type (contacts or deals) as a datong sink object: records upserted by
 * datong's key in batches of 100, read back by key, archived on delete, merged when an identity
 * merge makes two keys one person. Deals are also associated with the contact their
 * `contact_key` names. Opened read-only (`spec.readOnly`) it only reads: write, delete and merge
 * throw before any call, and without the key property (not created yet) it holds nothing.
 */
export class CrmObjectSink implements SinkObject {
  readonly spec: SinkObjectSpec;
  private readonly deals: DealAssociations | undefined;

  constructor(
    private readonly api: CrmApi,
    private readonly layout: ObjectLayout,
    private readonly concurrency: number,
  ) {
    this.spec = layout.spec;
    this.deals = layout.spec.name === 'deals' ? new DealAssociations(api, layout.idProperty, concurrency) : undefined;
  }

  async write(batch: SinkWrite[], _ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    // One input per key: HubSpot refuses a batch that names an id twice. The last version wins.
    const outcomes = new Map<string, UpsertOutcome>();
    let writes = latestByKey(batch);
    const contactIds = await this.resolveContacts(writes, outcomes);
    writes = writes.filter((w) => !outcomes.has(w.key));

    const results = await runSlices(writes, BATCH_SIZE, this.concurrency, (slice) => upsertBatch(this.api, this.layout, slice));
    for (const result of results) for (const [key, outcome] of result) outcomes.set(key, outcome);

    if (this.deals) await this.associateContacts(writes, contactIds, outcomes);
    return batch.map((w) => ({ key: w.key, ...outcomes.get(w.key)! }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    // No key property yet, so no record holds a key; and HubSpot refuses a batch read by an idProperty it lacks.
    if (!this.layout.keyed) return new Map();
    const { idProperty } = this.layout;
    const found = new Map<string, HeldRecord>();
    await runSlices([...new Set(keys)], BATCH_SIZE, this.concurrency, async (slice) => {
      const answer = await this.api.read(this.spec.name, slice, this.layout.readProperties(), idProperty);
      failOnOtherErrors(answer.errors, `reading ${this.spec.name} back`);
      for (const object of answer.results) {
        const key = object.properties[idProperty];
        if (key && slice.includes(key)) found.set(key, { id: String(object.id), key, record: this.layout.record(key, object.properties) });
      }
    });
    await this.addContactKeys([...found.values()]);
    return new Map([...found].map(([key, f]) => [key, f.record]));
  }

  /**
   * Every live record that carries datong's key, in read-back's shape, a page per list call:
   * HubSpot's list endpoint with the properties read-back asks for, 100 records a call. Records
   * without the key (made by hand) are passed over; archived ones are not listed. A page of deals
   * costs two calls more, to find their contacts' keys as read-back does.
   */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    if (!this.layout.keyed) return;
    const { idProperty } = this.layout;
    let after: string | undefined;
    do {
      const page = await this.api.list(this.spec.name, this.layout.readProperties(), after);
      const held = page.results.flatMap((object): HeldRecord[] => {
        const key = object.properties[idProperty];
        return key ? [{ id: String(object.id), key, record: this.layout.record(key, object.properties) }] : [];
      });
      await this.addContactKeys(held);
      if (held.length > 0) yield held.map(({ key, record }) => ({ key, record }));
      after = page.after;
    } while (after !== undefined);
  }

  /** Archives the records with these keys (HubSpot keeps archived records 90 days); keys it lacks are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const { idProperty } = this.layout;
    await runSlices([...new Set(keys)], BATCH_SIZE, this.concurrency, async (slice) => {
      const answer = await this.api.read(this.spec.name, slice, [idProperty], idProperty);
      failOnOtherErrors(answer.errors, `finding ${this.spec.name} to delete`);
      if (answer.results.length > 0) await this.api.archive(this.spec.name, answer.results.map((r) => String(r.id)));
    });
  }

  /** Two records are one person: HubSpot merges them (associations move along) under `survivorKey`; see `mergeRecords`. */
  async merge(survivorKey: string, absorbedKey: string): Promise<SinkMergeOutcome> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'merge');
    return mergeRecords(this.api, this.spec.name, this.layout.idProperty, survivorKey, absorbedKey);
  }

  /**
   * Deals read back name their contact by datong key, or null when no contact datong wrote is
   * associated: a rollback that writes the image back then takes off a contact the run added.
   */
  private async addContactKeys(held: HeldRecord[]): Promise<void> {
    if (!this.deals || held.length === 0) return;
    const contactKeys = await this.deals.contactKeys(held.map((h) => h.id));
    for (const { id, record } of held) record[CONTACT_KEY] = contactKeys.get(id) ?? null;
  }

  /**
   * A deal whose contact HubSpot does not hold is refused before it is written, so it waits in the
   * dead letters and is replayed (and associated) once the contacts stage has written its contact.
   */
  private async resolveContacts(writes: SinkWrite[], outcomes: Map<string, UpsertOutcome>): Promise<Map<string, string>> {
    if (!this.deals) return new Map();
    const wanted = writes.map((w) => contactKeyOf(w.record)).filter((k): k is string => k !== undefined);
    const ids = wanted.length > 0 ? await this.deals.contactIds(wanted) : new Map<string, string>();
    for (const write of writes) {
      const contactKey = contactKeyOf(write.record);
      if (contactKey !== undefined && !ids.has(contactKey)) {
        // Not an error in the deal: its contact has not arrived yet. The engine retries it next run.
        outcomes.set(write.key, { deferred: `contact ${contactKey} is not in HubSpot yet: the deal waits for it and is retried on the next run` });
      }
    }
    return ids;
  }

  /**
   * Associates each deal written with the contact its `contact_key` names; a `contact_key` of null
   * takes off the contacts datong wrote, as null clears a property. A deal without the field keeps
   * its associations.
   */
  private async associateContacts(writes: SinkWrite[], contactIds: Map<string, string>, outcomes: Map<string, UpsertOutcome>): Promise<void> {
    const pairs: { dealId: string; contactId?: string; key: string }[] = [];
    for (const write of writes) {
      const outcome = outcomes.get(write.key);
      if (!outcome || !('sinkId' in outcome)) continue;
      const contactKey = contactKeyOf(write.record);
      const contactId = contactKey === undefined ? undefined : contactIds.get(contactKey);
      if (contactId !== undefined) pairs.push({ dealId: outcome.sinkId, contactId, key: write.key });
      else if (clearsContact(write.record)) pairs.push({ dealId: outcome.sinkId, key: write.key });
    }
    if (pairs.length === 0) return;
    const refused = await this.deals!.link(pairs);
    for (const pair of pairs) {
      const why = refused.get(pair.dealId);
      if (why !== undefined) outcomes.set(pair.key, { error: why });
    }
  }
}

/** A record HubSpot holds under a datong key: its HubSpot id and the record in read-back's shape. */
interface HeldRecord {
  id: string;
  key: string;
  record: DataRecord;
}

function contactKeyOf(record: DataRecord): string | undefined {
  const value = record[CONTACT_KEY];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

/** The record says the deal has no contact (the field is there, empty), rather than saying nothing. */
function clearsContact(record: DataRecord): boolean {
  return CONTACT_KEY in record && (record[CONTACT_KEY] === null || record[CONTACT_KEY] === '');
}

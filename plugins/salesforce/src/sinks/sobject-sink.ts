import { UpstreamError, type DataRecord, type PluginContext, type SinkObject, type SinkObjectSpec, type SinkWrite, type SinkWriteResult } from '@datong/sdk';
import { runLimited, slices } from '@datong/sdk';
import { bulkUpsert } from '../bulk-ingest.js';
import { CUSTOMER_KEY, type ObjectLayout } from '../object-layout.js';
import { readOnlyError } from '../read-only-error.js';
import { COLLECTION_SIZE, type RestApi, type SaveResult } from '../rest-api.js';
import { describeEntries } from '../salesforce-error.js';
import type { SinkSettings } from '../sink-settings.js';
import { inLists, soqlString } from '../soql.js';

type Outcome = Omit<SinkWriteResult, 'key'>;

/**
 * One Salesforce sObject (Contact or Opportunity) as a datong sink object: upserted by datong's
 * key in its External ID field, 200 records per sObject Collections call (or a Bulk API 2.0 job
 * past `bulkThreshold`), read back and scanned with SOQL, deleted (into the Recycle Bin) by Id.
 * Opened read-only it only reads: write and delete throw before any call.
 */
export class SObjectSink implements SinkObject {
  constructor(
    readonly spec: SinkObjectSpec,
    private readonly rest: RestApi,
    private readonly layout: ObjectLayout,
    private readonly settings: SinkSettings,
  ) {}

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    // One record per key: the last version wins, as if written one after the other.
    const bodies = new Map<string, Record<string, unknown>>();
    for (const { key, record } of batch) {
      bodies.delete(key);
      bodies.set(key, this.layout.body(key, record));
    }
    const outcomes = bodies.size >= this.settings.bulkThreshold ? await this.writeBulk(bodies, ctx) : await this.writeCollections(bodies, ctx);
    return batch.map(({ key }) => ({ key, ...(outcomes.get(key) ?? { error: 'Salesforce reported nothing for this record' }) }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    for (const list of inLists([...new Set(keys)])) {
      for await (const page of this.rest.query(this.soql(`${this.layout.externalIdField} IN (${list.map(soqlString).join(', ')})`))) {
        for (const row of page) {
          const held = this.layout.record(row);
          if (held && list.includes(held.key)) found.set(held.key, held.record);
        }
      }
    }
    return found;
  }

  /** Every record that carries datong's key, a query page (up to 2,000 records) at a time. */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    for await (const page of this.rest.query(`${this.soql(`${this.layout.externalIdField} != null`)} ORDER BY Id`)) {
      const held = page.flatMap((row) => this.layout.record(row) ?? []);
      if (held.length > 0) yield held;
    }
  }

  /**
   * Deletes the records under these keys: Salesforce moves them to the Recycle Bin (restorable
   * there for 15 days). Keys it does not hold, or records already deleted, are skipped.
   */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const ids: string[] = [];
    for (const list of inLists([...new Set(keys)])) {
      const where = `${this.layout.externalIdField} IN (${list.map(soqlString).join(', ')})`;
      for await (const page of this.rest.query(`SELECT Id FROM ${this.layout.sobject} WHERE ${where}`)) ids.push(...page.flatMap((r) => (r.Id ? [r.Id] : [])));
    }
    await runLimited(slices(ids, COLLECTION_SIZE), this.settings.concurrency, async (part) => {
      const results = await this.rest.delete(part);
      const failed = results.filter((r) => !r.success && !r.errors.every((e) => e.statusCode === 'ENTITY_IS_DELETED' || e.statusCode === 'INVALID_CROSS_REFERENCE_KEY'));
      if (failed.length > 0) throw new UpstreamError(`Salesforce refused to delete ${failed.length} ${this.layout.sobject} record(s): ${failed.map((r) => `${r.id ?? '?'}: ${describeEntries(r.errors)}`).join('; ')}`, { code: 'UPSTREAM_REJECTED' });
    });
  }

  private soql(where: string): string {
    return `SELECT ${this.layout.selectList().join(', ')} FROM ${this.layout.sobject} WHERE ${where}`;
  }

  private async writeCollections(bodies: Map<string, Record<string, unknown>>, ctx: PluginContext): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const entries = [...bodies];
    await runLimited(slices(entries, COLLECTION_SIZE), this.settings.concurrency, async (part, index) => {
      // The crash-test hook: a crash between two calls of one write leaves half the batch written.
      if (index > 0) ctx.fault('mid-batch');
      const results = await this.rest.upsert(this.layout.sobject, this.layout.externalIdField, part.map(([, body]) => body));
      part.forEach(([key, body], i) => outcomes.set(key, this.outcome(results[i], body)));
    });
    return outcomes;
  }

  private async writeBulk(bodies: Map<string, Record<string, unknown>>, ctx: PluginContext): Promise<Map<string, Outcome>> {
    const options = { pollIntervalMs: this.settings.bulkPollIntervalMs, timeoutMs: this.settings.bulkTimeoutMs, signal: ctx.signal };
    const answers = await bulkUpsert(this.rest.api, this.layout.sobject, this.layout.externalIdField, bodies, options);
    const outcomes = new Map<string, Outcome>();
    for (const [key, body] of bodies) {
      const answer = answers.get(key);
      if (!answer) outcomes.set(key, { error: 'Salesforce bulk job: the record is in neither the successful nor the failed results' });
      else if ('id' in answer) outcomes.set(key, { sinkId: answer.id });
      else outcomes.set(key, this.refusal(answer.error, body));
    }
    return outcomes;
  }

  /** One collections result as datong's outcome: the Id, a deferral (the contact is not there yet) or Salesforce's reason. */
  private outcome(result: SaveResult | undefined, body: Record<string, unknown>): Outcome {
    if (!result) return { error: 'Salesforce returned fewer results than records sent' };
    if (result.success && result.id) return { sinkId: result.id };
    const codes = result.errors.map((e) => e.statusCode);
    let why = `Salesforce refused the ${this.layout.sobject}: ${describeEntries(result.errors)}`;
    if (codes.includes('DUPLICATE_EXTERNAL_ID')) {
      why += `; several ${this.layout.sobject} records hold this key in ${this.layout.externalIdField}: merge or delete the extra ones in Salesforce, then replay this dead letter`;
    }
    return this.refusal(why, body);
  }

  /** An order whose contact Salesforce cannot find by its external id waits for it; any other refusal is an error. */
  private refusal(why: string, body: Record<string, unknown>): Outcome {
    const relationship = this.layout.relationship;
    const contact = relationship ? (body[relationship] as Record<string, unknown> | undefined)?.[this.layout.externalIdField] : undefined;
    if (contact !== undefined && /foreign key external id/i.test(why) && /not found/i.test(why)) {
      return { deferred: `contact ${String(contact)} (${CUSTOMER_KEY}) is not in Salesforce yet: the ${this.layout.sobject} waits for it and is retried on the next run` };
    }
    return { error: why };
  }
}

import { UpstreamError, latestByKey, type DataRecord, type PluginContext, type SinkObject, type SinkObjectSpec, type SinkWrite, type SinkWriteResult } from '@datong/sdk';
import type { KingdeeApi } from '../kingdee-api.js';
import { inFilter, type FormLayout } from '../layouts/form-layout.js';
import { readOnlyError } from '../read-only-error.js';
import { describeStatus, succeeded } from '../response-status.js';
import { saveOutcomes, type SaveOutcome } from '../save-outcomes.js';

type Outcome = SaveOutcome | { deferred: string };

export interface FormSinkOptions {
  batchSize: number;
  numberMaxLength: number;
  /** Answers the customer keys Kingdee holds, for orders: undefined on customers. */
  heldCustomers?: (keys: string[]) => Promise<Set<string>>;
}

/**
 * One Kingdee form as a datong sink object. Kingdee has no upsert and no idempotency key, so each
 * slice of `batchSize` records is looked up by its natural keys first (ExecuteBillQuery), then
 * saved in one BatchSave: a record Kingdee holds goes with its internal id (an update), a new one
 * with 0 (a creation). A replay after a crash looks up again and finds what the first run made:
 * it updates, it never creates a second record. Orders whose customer Kingdee does not hold yet are
 * deferred. Opened read-only, write and delete throw before any call.
 */
export class FormSink implements SinkObject {
  constructor(
    readonly spec: SinkObjectSpec,
    private readonly api: KingdeeApi,
    private readonly layout: FormLayout,
    private readonly options: FormSinkOptions,
  ) {}

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    // One Model per key: the last version wins, as if written one after the other.
    const latest = latestByKey(batch);
    const outcomes = new Map<string, Outcome>();
    const { numberField, keyField } = this.layout;
    for (const { key } of latest) {
      if (key.length > this.options.numberMaxLength) {
        outcomes.set(key, { error: `${keyField} "${key}" is ${key.length} characters: Kingdee's ${numberField} takes at most ${this.options.numberMaxLength} (numberMaxLength); not written` });
      }
    }
    let writes = latest.filter((w) => !outcomes.has(w.key));
    if (this.options.heldCustomers) await this.deferOrphans(writes, outcomes);
    writes = writes.filter((w) => !outcomes.has(w.key));

    let first = true;
    for (const slice of slices(writes, this.options.batchSize)) {
      if (!first) ctx.fault('mid-batch');
      first = false;
      for (const [key, outcome] of await this.saveSlice(slice)) outcomes.set(key, outcome);
    }
    return batch.map((w) => ({ key: w.key, ...(outcomes.get(w.key) ?? { error: 'Kingdee reported nothing for this record' }) }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    const wanted = new Set(keys);
    for (const slice of slices([...wanted], this.options.batchSize)) {
      const rows = await this.api.query(this.layout.formId, this.layout.readFields, inFilter(this.layout.numberField, slice), this.layout.orderString);
      for (const [key, record] of this.layout.records(rows)) if (wanted.has(key)) found.set(key, record);
    }
    return found;
  }

  /**
   * Deletes the records held under these keys (keys not held are skipped, so a rollback redone
   * deletes nothing twice). Kingdee refuses to delete an audited bill: that is thrown, naming it.
   */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    for (const slice of slices([...new Set(keys)], this.options.batchSize)) {
      const held = [...(await this.lookUp(slice)).keys()];
      if (held.length === 0) continue;
      const status = await this.api.delete(this.layout.formId, held);
      if (!succeeded(status)) {
        throw new UpstreamError(`Kingdee refused to delete ${this.layout.formId} ${held.join(', ')} (${describeStatus(status)}); an audited bill must be un-audited in Kingdee first`, {
          status: 200,
          platformCode: status.MsgCode === undefined || status.MsgCode === null ? undefined : String(status.MsgCode),
          code: 'UPSTREAM_REJECTED',
          retryable: false,
        });
      }
    }
  }

  /** The internal ids of the records held under these numbers. */
  private async lookUp(keys: string[]): Promise<Map<string, number>> {
    const rows = await this.api.query(this.layout.formId, [this.layout.idField, this.layout.numberField], inFilter(this.layout.numberField, keys));
    const ids = new Map<string, number>();
    for (const [id, number] of rows) ids.set(String(number), Number(id));
    return ids;
  }

  private async saveSlice(slice: SinkWrite[]): Promise<Map<string, SaveOutcome>> {
    const ids = await this.lookUp(slice.map((w) => w.key));
    const results = await this.save(slice, ids);
    // A BatchSave that writes nothing when one record fails (UNCONFIRMED which Kingdee does):
    // the records it did not refuse are saved again without the refused ones.
    const unrefused = slice.filter((_, i) => results[i] === undefined);
    if (unrefused.length > 0 && unrefused.length < slice.length) {
      const again = await this.save(unrefused, ids);
      unrefused.forEach((w, i) => (results[slice.indexOf(w)] = again[i]));
    }
    return new Map(slice.map((w, i) => [w.key, results[i] ?? { error: `Kingdee reported neither a success nor an error for ${this.layout.numberField} ${w.key}` }]));
  }

  private async save(writes: SinkWrite[], ids: Map<string, number>): Promise<(SaveOutcome | undefined)[]> {
    const models = writes.map((w) => this.layout.model(w.key, w.record, ids.get(w.key) ?? 0));
    const fields = [...new Set(writes.flatMap((w) => this.layout.updateFields(w.record)))];
    const status = await this.api.batchSave(this.layout.formId, models, { NeedUpDateFields: fields, IsDeleteEntry: this.layout.isDeleteEntry });
    return saveOutcomes(status, writes.length);
  }

  /** Orders whose customer Kingdee does not hold yet wait: the engine retries them next run. */
  private async deferOrphans(writes: SinkWrite[], outcomes: Map<string, Outcome>): Promise<void> {
    const customerKeys = [...new Set(writes.map((w) => String(w.record.customer_key ?? '')).filter((k) => k !== ''))];
    const held = customerKeys.length > 0 ? await this.options.heldCustomers!(customerKeys) : new Set<string>();
    for (const write of writes) {
      const customer = String(write.record.customer_key ?? '');
      if (!held.has(customer)) {
        outcomes.set(write.key, { deferred: `customer ${customer || '(none)'} is not in Kingdee (BD_Customer FNumber) yet: the order waits for it and is retried on the next run` });
      }
    }
  }
}

function slices<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

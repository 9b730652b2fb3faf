import type { DataRecord, Logger, PluginContext, PluginState, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { runSlices } from '@datong/sdk';
import type { FormLayout } from '../form-layout.js';
import { SLICE, type JiandaoyunApi } from '../jiandaoyun-api.js';
import { JiandaoyunError } from '../jiandaoyun-error.js';
import { findAllRows, findRows } from '../key-lookup.js';
import { readOnlyError } from '../read-only-error.js';
import type { SinkSettings } from '../sink-settings.js';
import { transactionId } from '../transaction-id.js';

type Outcome = Omit<SinkWriteResult, 'key'>;

/** How an order finds its customer: the customers form's layout and the order field naming the customer. */
export interface CustomerLink {
  customers: FormLayout;
  customerKeyField: string;
}

/**
 * One Jiandaoyun form as a datong sink object. Jiandaoyun has no upsert, so each slice of 100
 * records is looked up by datong's key first (`data/list`, `in` on the key widget); the new ones
 * are created with one `data/batch_create` (its transaction_id derived from the content, so a
 * resent call cannot create twice) and the found ones updated one by one (`data/update`). Slices
 * run `concurrency` at a time, paced by the per-endpoint buckets. A batch the platform refuses
 * for one bad value is halved until the bad record stands alone and gets the platform's error.
 * Orders are linked to their customer (found in the customers form) or deferred until it exists.
 */
export class FormSink implements SinkObject {
  constructor(
    readonly spec: SinkObjectSpec,
    private readonly api: JiandaoyunApi,
    private readonly layout: FormLayout,
    private readonly settings: SinkSettings,
    private readonly state: PluginState,
    private readonly logger: Logger,
    private readonly link?: CustomerLink,
  ) {}

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    // A key twice in one batch: the last version wins, as if written one after the other.
    const latest = new Map<string, DataRecord>();
    for (const write of batch) latest.set(write.key, write.record);
    const generation = await this.generation();
    const outcomes = new Map<string, Outcome>();
    await runSlices([...latest], SLICE, this.settings.concurrency, async (slice, index) => {
      if (index > 0) ctx.fault('mid-batch');
      for (const [key, outcome] of await this.writeSlice(slice, generation)) outcomes.set(key, outcome);
    });
    return batch.map(({ key }) => ({ key, ...(outcomes.get(key) ?? { error: 'jiandaoyun: the sink did not settle this record (a bug)' }) }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const rows = await findRows(this.api, this.layout, keys, this.readFields(), this.logger);
    return new Map([...rows].map(([key, row]) => [key, this.layout.decode(row)]));
  }

  /** Every record holding a key, a page of 100 per call, in read-back's shape. */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    const filter = { rel: 'and' as const, cond: [{ field: this.layout.keyWidget.name, type: 'text', method: 'not_empty' }] };
    const seen = new Set<string>();
    for (let after: string | undefined; ; ) {
      const page = await this.api.list(this.layout.form, { filter, fields: this.readFields(), after });
      const held = page.flatMap((row) => {
        const key = this.layout.keyOf(row);
        if (key === undefined || seen.has(key)) return [];
        seen.add(key);
        return [{ key, record: this.layout.decode(row) }];
      });
      if (held.length > 0) yield held;
      if (page.length < 100) return;
      after = page[page.length - 1]!._id;
    }
  }

  /**
   * Deletes every record holding these keys (`data/delete`, one call each); keys not held are
   * skipped. Jiandaoyun deletes for good: there is no archive.
   */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const rows = await findAllRows(this.api, this.layout, keys, []);
    if (rows.length === 0) return;
    // Before the first delete: a batch recreating these records must not replay an old transaction.
    await this.state.set(this.generationKey(), (await this.generation()) + 1);
    await Promise.all(rows.map(async (row) => {
      try {
        await this.api.delete(this.layout.form, row._id);
      } catch (error) {
        // Gone meanwhile (another run's rollback): what was asked for is done.
        if (!(error instanceof JiandaoyunError) || error.status !== 400) throw error;
        this.logger.warn(`jiandaoyun: deleting ${this.spec.name} ${row._id}: ${error.message}`);
      }
    }));
  }

  private async writeSlice(slice: [string, DataRecord][], generation: number): Promise<Map<string, Outcome>> {
    const outcomes = new Map<string, Outcome>();
    const customerIds = await this.customerIds(slice, outcomes);
    const ready = slice.filter(([key]) => !outcomes.has(key));
    if (ready.length === 0) return outcomes;
    const existing = await findRows(this.api, this.layout, ready.map(([key]) => key), [], this.logger);
    const creates: { key: string; data: Record<string, { value: unknown }> }[] = [];
    const updates: { key: string; id: string; data: Record<string, { value: unknown }> }[] = [];
    for (const [key, record] of ready) {
      const id = existing.get(key)?._id;
      const data = this.layout.encode(record, id !== undefined);
      const customer = this.customerOf(record);
      if (this.layout.linkWidget && customer !== undefined) data[this.layout.linkWidget.name] = { value: customerIds.get(customer) };
      if (id === undefined) creates.push({ key, data });
      else updates.push({ key, id, data });
    }
    await Promise.all([
      creates.length > 0 ? this.create(creates, generation, outcomes) : undefined,
      ...updates.map((u) => this.update(u, outcomes)),
    ]);
    return outcomes;
  }

  /** batch_create, halving a refused batch until the refused record stands alone. */
  private async create(creates: { key: string; data: Record<string, { value: unknown }> }[], generation: number, outcomes: Map<string, Outcome>): Promise<void> {
    const dataList = creates.map((c) => c.data);
    let ids: string[] | undefined;
    try {
      ids = await this.api.batchCreate(this.layout.form, dataList, transactionId(this.layout.form, generation, dataList), this.settings);
    } catch (error) {
      if (!(error instanceof JiandaoyunError) || error.status !== 400) throw error;
      if (creates.length === 1) return void outcomes.set(creates[0]!.key, { error: this.refusal(error) });
      const half = Math.ceil(creates.length / 2);
      await Promise.all([this.create(creates.slice(0, half), generation, outcomes), this.create(creates.slice(half), generation, outcomes)]);
      return;
    }
    if (ids === undefined) {
      // The answer did not list the new ids (UNCONFIRMED shape): find them by key.
      const found = await findRows(this.api, this.layout, creates.map((c) => c.key), [], this.logger);
      for (const { key } of creates) {
        const id = found.get(key)?._id;
        outcomes.set(key, id === undefined ? { error: 'jiandaoyun: batch_create succeeded but the record cannot be found by its key' } : { sinkId: id });
      }
      return;
    }
    creates.forEach(({ key }, i) => outcomes.set(key, { sinkId: ids[i]! }));
  }

  private async update(u: { key: string; id: string; data: Record<string, { value: unknown }> }, outcomes: Map<string, Outcome>): Promise<void> {
    try {
      await this.api.update(this.layout.form, u.id, u.data);
      outcomes.set(u.key, { sinkId: u.id });
    } catch (error) {
      if (!(error instanceof JiandaoyunError) || error.status !== 400) throw error;
      outcomes.set(u.key, { error: this.refusal(error) });
    }
  }

  /** Orders only: the customers' `_id`s; an order whose customer is not there yet is deferred. */
  private async customerIds(slice: [string, DataRecord][], outcomes: Map<string, Outcome>): Promise<Map<string, string>> {
    if (!this.link) return new Map();
    const wanted = slice.map(([, record]) => this.customerOf(record)).filter((k): k is string => k !== undefined);
    if (wanted.length === 0) return new Map();
    const rows = await findRows(this.api, this.link.customers, wanted, [], this.logger);
    const ids = new Map([...rows].map(([key, row]) => [key, row._id]));
    for (const [key, record] of slice) {
      const customer = this.customerOf(record);
      if (customer !== undefined && !ids.has(customer)) {
        outcomes.set(key, { deferred: `customer ${customer} is not in the Jiandaoyun customers form yet: the order waits for it and is retried on the next run` });
      }
    }
    return ids;
  }

  private customerOf(record: DataRecord): string | undefined {
    if (!this.link) return undefined;
    const value = record[this.link.customerKeyField];
    return value === undefined || value === null || value === '' ? undefined : String(value);
  }

  private refusal(error: JiandaoyunError): string {
    const { code, msg } = error.body;
    return `jiandaoyun refused the ${this.layout.object} record: ${code ?? `HTTP ${error.status}`} ${this.layout.explain(msg ?? error.message)}`;
  }

  private readFields(): string[] {
    return this.layout.readWidgets().map(([, w]) => w.name);
  }

  private generationKey(): string {
    return `transactionGeneration:${this.layout.form.appId}:${this.layout.form.entryId}`;
  }

  private async generation(): Promise<number> {
    return (await this.state.get<number>(this.generationKey())) ?? 0;
  }
}

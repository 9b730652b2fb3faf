import type { DataRecord, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import type { KeyLookup } from '../key-lookup.js';
import { ACCOUNT_ID, CUSTOMER_KEY, type ObjectLayout } from '../object-layout.js';
import { readOnlyError } from '../read-only-error.js';
import { latestByKey, runLimited, slices } from '@datong/sdk';
import type { SinkSettings } from '../sink-settings.js';
import { XiaoshouyiError } from '../xiaoshouyi-error.js';
import type { XobjectApi, XRecord } from '../xobject-api.js';
import { selectPage } from '../xoql.js';

/** The xobject customers live in. */
export const ACCOUNT = 'account';
/** Records per page of a scan. */
const SCAN_PAGE = 100;

type Outcome = { sinkId: string } | { error: string } | { deferred: string };

/**
 * One sink object (accounts or orders) on a Xiaoshouyi xobject. Xiaoshouyi writes one record per
 * call and has no upsert by external id, so a write looks its keys up by XOQL (at most
 * lookupBatchSize keys a query) and then updates what it found and creates the rest, concurrency
 * calls at a time. A crash replay finds the records the first attempt created and updates them:
 * one record per key. Orders first find their account by its datong key; an order whose account
 * Xiaoshouyi does not hold yet is deferred. Opened read-only it only reads.
 */
export class XobjectSink implements SinkObject {
  readonly spec: SinkObjectSpec;

  constructor(
    private readonly api: XobjectApi,
    private readonly lookup: KeyLookup,
    private readonly layout: ObjectLayout,
    private readonly settings: SinkSettings,
  ) {
    this.spec = layout.spec;
  }

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    // One call per key: the last version of a key in the batch wins.
    const latest = latestByKey(batch);
    const outcomes = new Map<string, Outcome>();
    const accounts = await this.resolveAccounts(latest, outcomes);
    const writes = latest.filter((w) => !outcomes.has(w.key));

    const { xobject, keyField } = this.layout;
    let first = true;
    for (const slice of slices(writes, this.settings.lookupBatchSize)) {
      if (!first) ctx.fault('mid-batch');
      first = false;
      const held = await this.lookup.ids(xobject, keyField, slice.map((w) => w.key));
      await runLimited(slice, this.settings.concurrency, async (write) => {
        outcomes.set(write.key, await this.writeOne(write, held.get(write.key), accounts));
      });
    }
    return batch.map((w) => ({ key: w.key, ...outcomes.get(w.key)! }));
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const out = new Map<string, DataRecord>();
    if (keys.length === 0) return out;
    const held = await this.lookup.find(this.layout.xobject, this.layout.keyField, keys, this.layout.selectFields());
    const customers = await this.customerKeys([...held.values()]);
    for (const [key, record] of held) out.set(key, this.layout.record(key, record, customers.get(String(record[ACCOUNT_ID]))));
    return out;
  }

  /** Deletes the records datong wrote under these keys; keys Xiaoshouyi does not hold are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const held = await this.lookup.ids(this.layout.xobject, this.layout.keyField, keys);
    await runLimited([...held.values()], this.settings.concurrency, async (id) => {
      try {
        await this.api.remove(this.layout.xobject, id);
      } catch (error) {
        // Deleted meanwhile (a rollback redone after a crash): that is the goal.
        if (!(error instanceof XiaoshouyiError && (error.httpStatus === 404 || error.platformCode === '404'))) throw error;
      }
    });
  }

  /** Every record that carries datong's key, a page of 100 per XOQL query, in read-back's shape. */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    const { xobject, keyField } = this.layout;
    for (let offset = 0; ; offset += SCAN_PAGE) {
      const page = await this.api.query(selectPage(xobject, this.layout.selectFields(), keyField, SCAN_PAGE, offset));
      const customers = await this.customerKeys(page);
      const held = page.filter((r) => r[keyField] !== undefined && r[keyField] !== null && r[keyField] !== '');
      if (held.length > 0) yield held.map((r) => ({ key: String(r[keyField]), record: this.layout.record(String(r[keyField]), r, customers.get(String(r[ACCOUNT_ID]))) }));
      if (page.length < SCAN_PAGE) return;
    }
  }

  private async writeOne(write: SinkWrite, id: string | undefined, accounts: Map<string, string>): Promise<Outcome> {
    const customerKey = this.layout.linksCustomer ? customerKeyOf(write.record) : undefined;
    const accountId = customerKey === undefined ? undefined : accounts.get(customerKey);
    try {
      if (id !== undefined) {
        await this.api.update(this.layout.xobject, id, this.layout.data(write.key, write.record, accountId, false));
        return { sinkId: id };
      }
      return { sinkId: await this.api.create(this.layout.xobject, this.layout.data(write.key, write.record, accountId, true)) };
    } catch (error) {
      if (error instanceof XiaoshouyiError) return { error: error.refusal };
      throw error;
    }
  }

  /**
   * Orders: the account id of each order's customer, found by the customer's datong key. An order
   * whose customer Xiaoshouyi does not hold is deferred (the customers stage has not written it
   * yet): it waits and is retried on the next run.
   */
  private async resolveAccounts(writes: SinkWrite[], outcomes: Map<string, Outcome>): Promise<Map<string, string>> {
    if (!this.layout.linksCustomer) return new Map();
    const wanted = writes.map((w) => customerKeyOf(w.record)).filter((k): k is string => k !== undefined);
    const ids = wanted.length > 0 ? await this.lookup.ids(ACCOUNT, this.layout.keyField, wanted) : new Map<string, string>();
    for (const write of writes) {
      const key = customerKeyOf(write.record);
      if (key === undefined) outcomes.set(write.key, { error: `the order has no ${CUSTOMER_KEY}: Xiaoshouyi needs its account (accountId)` });
      else if (!ids.has(key)) outcomes.set(write.key, { deferred: `customer ${key} is not in Xiaoshouyi yet: the order waits for its account and is retried on the next run` });
    }
    return ids;
  }

  /** Orders read back: the datong key of each accountId, by id (accounts without a key are absent). */
  private async customerKeys(records: XRecord[]): Promise<Map<string, string>> {
    if (!this.layout.linksCustomer) return new Map();
    const ids = [...new Set(records.map((r) => r[ACCOUNT_ID]).filter((id) => id !== undefined && id !== null).map(String))];
    if (ids.length === 0) return new Map();
    const accounts = await this.lookup.find(ACCOUNT, 'id', ids, [this.layout.keyField]);
    const out = new Map<string, string>();
    for (const [id, account] of accounts) {
      const key = account[this.layout.keyField];
      if (key !== undefined && key !== null && key !== '') out.set(id, String(key));
    }
    return out;
  }
}

function customerKeyOf(record: DataRecord): string | undefined {
  const value = record[CUSTOMER_KEY];
  return value === undefined || value === null || value === '' ? undefined : String(value);
}

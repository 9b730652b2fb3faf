import type { DataRecord, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import type { CustomerDirectory } from '../customer-directory.js';
import { DeletionCounts } from '../deletion-counts.js';
import { readOnlyError } from '../read-only-error.js';
import { resubmitCheckKey } from '../resubmit-key.js';
import { latestByKey, runLimited } from '@datong/sdk';
import { ORDER_CUSTOMER_KEY, orderData, orderRecord } from '../sales-order-mapping.js';
import { saveOutcome } from '../save-outcome.js';
import type { SinkSettings } from '../sink-settings.js';
import type { OrderRow, YonbipApi } from '../yonbip-api.js';

/**
 * The `salesOrders` object: sales orders (voucherorder) whose code is datong's order_key, linked
 * to their customer by agentId = the customer's merchant code. Each order is looked up by code
 * (voucherorder/list) and saved with singleSave, Insert or Update (its id and line ids), with a
 * resubmitCheckKey from its content and the version YonBIP holds: a replay is answered from the
 * gateway's cache and saves nothing twice. An order whose customer YonBIP does not hold waits
 * (`deferred`). Look-up and save have 60 calls/min each (published quota), paced by their own
 * limiters, so with a few orders in flight YonBIP takes about one order a second.
 */
export class SalesOrderSink implements SinkObject {
  private readonly deletions: DeletionCounts;

  constructor(
    readonly spec: SinkObjectSpec,
    private readonly api: YonbipApi,
    private readonly settings: SinkSettings,
    private readonly directory: CustomerDirectory,
    ctx: PluginContext,
  ) {
    this.deletions = new DeletionCounts(ctx.state, spec.name);
  }

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    const results = await runLimited(latestByKey(batch), this.settings.concurrency, (w) => this.writeOne(w), { between: () => ctx.fault('mid-batch') });
    const byKey = new Map(results.map((r) => [r.key, r]));
    return batch.map((w) => byKey.get(w.key)!);
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const rows = await this.api.orderRows(key);
      if (rows.length === 0) return;
      const head = rows[0]!;
      const customer = typeof head.agentId_code === 'string' ? head.agentId_code : await this.directory.codeOf(head.agentId);
      found.set(key, orderRecord(key, rows, customer));
    });
    return new Map(keys.filter((k) => found.has(k)).map((k) => [k, found.get(k)!]));
  }

  /** Deletes the orders with these codes (unaudited ones: YonBIP refuses to delete an audited order); codes it lacks are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const held: { key: string; id: string | number }[] = [];
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const rows = await this.api.orderRows(key);
      if (rows[0]) held.push({ key, id: rows[0].id });
    });
    if (held.length === 0) return;
    await this.deletions.add(held.map((h) => h.key));
    await this.api.orderDelete(held.map((h) => h.id));
  }

  private async writeOne({ key, record }: SinkWrite): Promise<SinkWriteResult> {
    const customer = record[ORDER_CUSTOMER_KEY];
    if (typeof customer !== 'string' || customer === '') return { key, error: `sales order ${key} has no ${ORDER_CUSTOMER_KEY}: YonBIP needs its customer (agentId)` };
    // The look-ups overlap: the customer's on the general limiter, the order's on the list quota.
    const [customerId, rows] = await Promise.all([this.directory.idOf(customer), this.api.orderRows(key)]);
    if (customerId === undefined) {
      return { key, deferred: `customer ${customer} is not in YonBIP yet: the order waits for it and is retried on the next run` };
    }
    const existing = rows.length > 0 ? held(rows) : undefined;
    const data = orderData(key, record, this.settings, existing);
    const basis = existing ? `v:${existing.id}:${existing.pubts}` : `new:${await this.deletions.of(key)}`;
    return saveOutcome(key, 'sales order', await this.api.orderSave({ ...data, resubmitCheckKey: resubmitCheckKey(this.spec.name, key, data, basis) }));
  }
}

/** The order YonBIP holds, from its list rows: id, version (pubts) and line ids by line number. */
function held(rows: OrderRow[]): { id: string | number; pubts: string; lineIds: (string | number)[] } {
  const sorted = [...rows].sort((a, b) => Number(a.lineno ?? 0) - Number(b.lineno ?? 0));
  return {
    id: sorted[0]!.id,
    pubts: String(sorted[0]!.pubts ?? ''),
    lineIds: sorted.map((row) => row.orderDetailId).filter((id): id is string | number => id !== undefined && id !== null),
  };
}

import type { DataRecord, PluginContext, SinkObject, SinkObjectSpec, SinkWrite, SinkWriteResult } from '@datong/sdk';
import { customerRecord, merchantData } from '../customer-mapping.js';
import { DeletionCounts } from '../deletion-counts.js';
import { readOnlyError } from '../read-only-error.js';
import { resubmitCheckKey } from '../resubmit-key.js';
import { latestByKey, runLimited } from '@datong/sdk';
import { saveOutcome } from '../save-outcome.js';
import type { SinkSettings } from '../sink-settings.js';
import type { CustomerDirectory } from '../customer-directory.js';
import type { YonbipApi } from '../yonbip-api.js';

/**
 * The `customers` object: merchants (客户档案) whose code is datong's customer_key. Each record is
 * looked up by code first. A new one is created through the idempotent newinsert with a
 * resubmitCheckKey derived from its content, so a replay creates nothing; one YonBIP holds is
 * updated through merchant/save (_status Update, its id), which is naturally repeatable.
 * `delete` stops (停用) merchants: YonBIP's open API has no merchant delete.
 */
export class CustomerSink implements SinkObject {
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
    // A key twice in one batch: its last version wins, as if written one after the other.
    const results = await runLimited(latestByKey(batch), this.settings.concurrency, (w) => this.writeOne(w), { between: () => ctx.fault('mid-batch') });
    const byKey = new Map(results.map((r) => [r.key, r]));
    return batch.map((w) => byKey.get(w.key)!);
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const row = await this.api.merchantByCode(key);
      if (!row || row.stopstatus === true) return;
      const merchant = await this.api.merchantDetail(row.id);
      if (merchant) found.set(key, customerRecord(key, merchant, this.settings));
    });
    return new Map(keys.filter((k) => found.has(k)).map((k) => [k, found.get(k)!]));
  }

  /** Stops (停用) the merchants with these codes in the org; codes YonBIP lacks or has stopped are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const live: string[] = [];
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const row = await this.api.merchantByCode(key);
      if (row && row.stopstatus !== true) live.push(key);
    });
    if (live.length === 0) return;
    await this.deletions.add(live);
    await this.api.merchantStop(live, this.settings.orgCode);
    for (const key of live) this.directory.forget(key);
  }

  private async writeOne({ key, record }: SinkWrite): Promise<SinkWriteResult> {
    const row = await this.api.merchantByCode(key);
    if (row?.stopstatus === true) {
      return { key, error: `YonBIP holds customer ${key} stopped (停用, e.g. by a datong rollback): enable it in YonBIP, then replay the record` };
    }
    if (row) {
      const result = saveOutcome(key, 'customer', await this.api.merchantSave({ ...merchantData(key, record, this.settings, 'save'), _status: 'Update', id: row.id }));
      if (result.sinkId !== undefined) this.directory.remember(key, row.id);
      return result;
    }
    const data = merchantData(key, record, this.settings, 'newinsert');
    const basis = `new:${await this.deletions.of(key)}`;
    const result = saveOutcome(key, 'customer', await this.api.merchantInsert({ ...data, resubmitCheckKey: resubmitCheckKey(this.spec.name, key, data, basis) }));
    if (result.sinkId !== undefined) this.directory.remember(key, result.sinkId);
    return result;
  }
}

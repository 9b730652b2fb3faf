import { UpstreamError, type DataRecord, type PluginContext, type SinkObject, type SinkObjectSpec, type SinkWrite, type SinkWriteResult } from '@datong/sdk';
import { isDeactivated } from '../customer-codec.js';
import type { PendingAdds } from '../pending-adds.js';
import { readOnlyError } from '../read-only-error.js';
import { latestByKey, runLimited, slices } from '@datong/sdk';
import { ROUND_SIZE } from '../pending-adds.js';
import { isAbandoned, SaleOrderCodec } from '../sale-order-codec.js';
import { differingOrderFields } from '../same-order.js';
import type { SinkSettings } from '../sink-settings.js';
import type { U8Client, U8Record } from '../u8-client.js';

/**
 * U8 sale orders as a datong sink object, keyed by the order code (= datong's `order_key`) and
 * linked to their customer by `custcode` (= the customer's `customer_key`). Each record: its
 * customer is looked up first, and an order whose customer U8 lacks is deferred (the engine
 * retries it next run, after the customers stage); then its code: not found, it is added with its
 * own tradeid (stored in the plugin state before the add is sent) and sync=1. U8's OpenAPI has no
 * sale-order edit, so an order U8 holds already is answered with its id when the record matches
 * it (a replay) and refused, naming the fields, when it does not. `delete` voids (abandon).
 */
export class SaleOrdersSink implements SinkObject {
  private readonly codec: SaleOrderCodec;

  constructor(
    readonly spec: SinkObjectSpec,
    private readonly client: U8Client,
    private readonly pending: PendingAdds,
    private readonly settings: SinkSettings,
  ) {
    this.codec = new SaleOrderCodec(settings);
  }

  async write(batch: SinkWrite[], ctx: PluginContext): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'write');
    const outcomes = new Map<string, SinkWriteResult>();
    const rounds = slices(latestByKey(batch), ROUND_SIZE);
    for (const [index, round] of rounds.entries()) {
      if (index > 0) ctx.fault('mid-batch');
      for (const result of await this.writeRound(round)) outcomes.set(result.key, result);
    }
    return batch.map((w) => outcomes.get(w.key)!);
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    const found = new Map<string, DataRecord>();
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const order = await this.client.get('saleorder', key);
      if (order && !isAbandoned(order)) found.set(key, this.codec.fromU8(order));
    });
    return found;
  }

  /** Voids (abandon) the orders of these codes; codes U8 lacks or already voided are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const order = await this.client.get('saleorder', key);
      if (!order || isAbandoned(order)) return;
      const outcome = await this.client.abandonSaleOrder(key, await this.client.tradeid());
      if ('refusal' in outcome) throw new UpstreamError(`yonyou-u8 could not void sale order ${key}: ${outcome.refusal}`, { platformCode: outcome.errcode, code: 'UPSTREAM_REJECTED' });
    });
  }

  private async writeRound(round: SinkWrite[]): Promise<SinkWriteResult[]> {
    const { concurrency } = this.settings;
    const results = new Map<string, SinkWriteResult>();
    const customers = await this.heldCustomers(round);
    const linked = round.filter((w) => {
      const customer = String(w.record.customer_key ?? '');
      if (customers.has(customer)) return true;
      results.set(w.key, { key: w.key, deferred: `customer ${customer} is not in U8 yet: the order waits for it and is retried on the next run` });
      return false;
    });
    const held = await runLimited(linked, concurrency, (w) => this.client.get('saleorder', w.key));
    const creating: SinkWrite[] = [];
    linked.forEach((write, i) => {
      const order = held[i];
      if (order === undefined) creating.push(write);
      else results.set(write.key, this.existing(write, order));
    });
    // Stored before any add is sent: a crash from here on finds them on the rerun.
    const { tradeids } = await this.pending.assign(creating.map((w) => w.key), () => this.client.tradeid(), concurrency);
    const answered: string[] = [];
    try {
      await runLimited(creating, concurrency, async (write) => {
        const outcome = await this.client.add('saleorder', this.codec.toU8(write.key, write.record), tradeids.get(write.key)!);
        answered.push(write.key);
        results.set(write.key, 'id' in outcome ? { key: write.key, sinkId: outcome.id } : { key: write.key, error: outcome.refusal });
      });
    } finally {
      if (answered.length > 0) await this.pending.forget(answered);
    }
    return round.map((w) => results.get(w.key)!);
  }

  /** An order U8 holds already: the same one again (a replay) is done; a changed one cannot be edited through the OpenAPI. */
  private existing(write: SinkWrite, order: U8Record): SinkWriteResult {
    if (isAbandoned(order)) {
      return { key: write.key, error: `U8 sale order ${write.key} was voided (abandon): U8 keeps its code, so it cannot be added again; give the order a new key or restore it in U8 by hand` };
    }
    const differs = differingOrderFields(write.record, this.codec.fromU8(order));
    if (differs.length === 0) return { key: write.key, sinkId: String(order.id ?? order.code) };
    return {
      key: write.key,
      error: `U8 sale orders cannot be edited through the OpenAPI: order ${write.key} in U8 differs in ${differs.join(', ')}; change it in U8 by hand`,
    };
  }

  /** The codes, among the orders' customer keys, of customers U8 holds (and rollback did not deactivate). */
  private async heldCustomers(round: SinkWrite[]): Promise<Set<string>> {
    const codes = [...new Set(round.map((w) => String(w.record.customer_key ?? '')).filter((c) => c !== ''))];
    const found = await runLimited(codes, this.settings.concurrency, (code) => this.client.get('customer', code));
    return new Set(codes.filter((_, i) => found[i] !== undefined && !isDeactivated(found[i]!)));
  }

}

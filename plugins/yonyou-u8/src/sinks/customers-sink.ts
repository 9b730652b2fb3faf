import { UpstreamError, type DataRecord, type PluginContext, type SinkObject, type SinkObjectSpec, type SinkWrite, type SinkWriteResult } from '@datong/sdk';
import { CustomerCodec, isDeactivated } from '../customer-codec.js';
import type { PendingAdds } from '../pending-adds.js';
import { readOnlyError } from '../read-only-error.js';
import { latestByKey, runLimited, slices } from '@datong/sdk';
import { ROUND_SIZE } from '../pending-adds.js';
import type { SinkSettings } from '../sink-settings.js';
import type { U8Client, U8Record, U8WriteOutcome } from '../u8-client.js';

/**
 * U8 customers as a datong sink object, keyed by the customer code (= datong's `customer_key`).
 * U8 adds one record per call, so a write handles its records a round of 50 at a time, each
 * record: look up its code (`customer/get`); found, edit it (`customer/edit`, no tradeid);
 * not found, add it (`customer/add` with its own tradeid, stored in the plugin state before the
 * add is sent, and sync=1). Refusals are per record: U8's errcode and message. `delete` (rollback
 * of a creation) deactivates: U8's OpenAPI documents no customer delete, so it sets `end_date`,
 * and read-back leaves deactivated customers out.
 */
export class CustomersSink implements SinkObject {
  private readonly codec: CustomerCodec;

  constructor(
    readonly spec: SinkObjectSpec,
    private readonly client: U8Client,
    private readonly pending: PendingAdds,
    private readonly settings: SinkSettings,
  ) {
    this.codec = new CustomerCodec(settings.tierField, settings.tagsField);
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
      const customer = await this.client.get('customer', key);
      if (customer && !isDeactivated(customer)) found.set(key, this.codec.fromU8(customer));
    });
    return found;
  }

  /** Deactivates the customers of these codes (`end_date` = today); codes U8 lacks or already deactivated are skipped. */
  async delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) throw readOnlyError(this.spec.name, 'delete');
    const today = new Date().toISOString().slice(0, 10);
    await runLimited([...new Set(keys)], this.settings.concurrency, async (key) => {
      const customer = await this.client.get('customer', key);
      if (!customer || isDeactivated(customer)) return;
      const outcome = await this.client.edit('customer', { code: key, end_date: today });
      if ('refusal' in outcome) throw new UpstreamError(`yonyou-u8 could not deactivate customer ${key}: ${outcome.refusal}`, { platformCode: outcome.errcode, code: 'UPSTREAM_REJECTED' });
    });
  }

  private async writeRound(round: SinkWrite[]): Promise<SinkWriteResult[]> {
    const { concurrency } = this.settings;
    const held = await runLimited(round, concurrency, (w) => this.client.get('customer', w.key));
    const creating = round.filter((_, i) => held[i] === undefined);
    // Stored before any add is sent: a crash from here on finds them on the rerun.
    const { tradeids, replayed } = await this.pending.assign(creating.map((w) => w.key), () => this.client.tradeid(), concurrency);
    const answered: string[] = [];
    try {
      return await runLimited(round, concurrency, async (write, i): Promise<SinkWriteResult> => {
        const customer = held[i];
        if (customer !== undefined) return result(write.key, await this.client.edit('customer', this.editBody(write, customer)));
        const outcome = await this.add(write, tradeids.get(write.key)!, replayed.has(write.key));
        answered.push(write.key);
        return result(write.key, outcome);
      });
    } finally {
      if (answered.length > 0) await this.pending.forget(answered);
    }
  }

  /**
   * Adds one customer. A tradeid an earlier run stored may have made the customer already: U8
   * answers that customer, and an edit then brings it up to this version. An add refused because
   * the code exists (made meanwhile by someone else) becomes an edit.
   */
  private async add(write: SinkWrite, tradeid: string, replayed: boolean): Promise<U8WriteOutcome> {
    const outcome = await this.client.add('customer', this.codec.toU8(write.key, write.record, true), tradeid);
    if ('id' in outcome && replayed) {
      const edited = await this.client.edit('customer', this.codec.toU8(write.key, write.record, false));
      return 'id' in edited ? outcome : edited;
    }
    if ('errcode' in outcome && outcome.errcode === this.settings.errcodes.duplicateCode) {
      return this.client.edit('customer', this.codec.toU8(write.key, write.record, false));
    }
    return outcome;
  }

  /** An edit of a customer rollback deactivated also takes its end_date off: writing it again brings it back. */
  private editBody(write: SinkWrite, customer: U8Record): U8Record {
    const body = this.codec.toU8(write.key, write.record, false);
    if (isDeactivated(customer)) body.end_date = '';
    return body;
  }

}

function result(key: string, outcome: U8WriteOutcome): SinkWriteResult {
  return 'id' in outcome ? { key, sinkId: outcome.id } : { key, error: outcome.refusal };
}

import { DatongError, type PluginContext } from '@datong/sdk';
import { beijingDay } from '../beijing-time.js';
import type { WechatClient } from '../wechat-client.js';
import type { DecodedReceiver, WireOrder } from './wire-order.js';

interface QuotaState {
  day: string;
  used: number;
}

/**
 * Decodes orders' masked receivers through /channels/ec/order/sensitiveinfo/decode, one call per
 * order, while the day's quota lasts (config decodeQuotaPerDay; the platform's own quota is
 * UNCONFIRMED). The count lives in ctx.state, so every run of the day shares it. When the quota is
 * spent, or the platform refuses a decode, the rest of the run keeps the masked values.
 */
export class SensitiveDecoder {
  private stopped = false;
  private quota: QuotaState | undefined;

  constructor(
    private readonly client: WechatClient,
    private readonly ctx: PluginContext,
    private readonly perDay: number,
    private readonly now: () => number = Date.now,
  ) {}

  private get stateKey(): string {
    return `wechat.decode_quota.${this.client.config.appId}`;
  }

  async decode(order: WireOrder): Promise<DecodedReceiver | undefined> {
    if (this.stopped) return undefined;
    const day = beijingDay(this.now());
    if (this.quota?.day !== day) {
      const saved = await this.ctx.state.get<QuotaState>(this.stateKey);
      this.quota = saved?.day === day ? saved : { day, used: 0 };
    }
    if (this.quota.used >= this.perDay) {
      this.stop(`the decode quota of ${this.perDay} a day is used up`);
      return undefined;
    }
    this.quota.used++;
    await this.ctx.state.set(this.stateKey, this.quota);
    try {
      return await this.client.post<DecodedReceiver>('/channels/ec/order/sensitiveinfo/decode', { order_id: String(order.order_id) });
    } catch (error) {
      if (error instanceof DatongError && !error.retryable) {
        this.stop(`WeChat refused a decode (${error.message})`);
        return undefined;
      }
      throw error;
    }
  }

  private stop(why: string): void {
    this.stopped = true;
    this.ctx.logger.warn(`wechat-shop: ${why}; the rest of this run keeps the masked receiver fields`, {});
  }
}

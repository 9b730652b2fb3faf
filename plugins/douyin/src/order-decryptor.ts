import type { PluginContext } from '@datong/sdk';
import type { DouyinClient } from './douyin-client.js';
import type { ResolvedDouyinConfig } from './douyin-config.js';
import type { FetchedOrder, WireOrder } from './streams/wire-order.js';

/** order.batchDecrypt's `data` (field names beyond cipher_infos are UNCONFIRMED). */
interface BatchDecryptData {
  decrypt_infos?: { auth_id?: string; cipher_text?: string; decrypt_text?: string; err_no?: number; err_msg?: string }[];
}

/**
 * Decrypts receivers' phone and name through order.batchDecrypt, in batches of
 * `decryptBatchSize` ciphertexts, never more than `decryptQuota` per run (each decryption is
 * audited and counted by the platform). Only when the config says `decrypt: true`; otherwise
 * orders pass through with their ciphertext alone.
 */
export class OrderDecryptor {
  private used = 0;
  private warned = false;

  constructor(
    private readonly client: DouyinClient,
    private readonly config: ResolvedDouyinConfig,
    private readonly ctx: PluginContext,
  ) {}

  /** How many ciphertexts this run has sent for decryption. */
  get decrypted(): number {
    return this.used;
  }

  async page(orders: WireOrder[]): Promise<FetchedOrder[]> {
    const fetched: FetchedOrder[] = orders.map((order) => ({ order }));
    if (!this.config.decrypt) return fetched;
    const wanted: { item: FetchedOrder; field: 'tel' | 'receiver'; cipher: string }[] = [];
    for (const item of fetched) {
      if (item.order.encrypt_post_tel) wanted.push({ item, field: 'tel', cipher: item.order.encrypt_post_tel });
      if (item.order.encrypt_post_receiver) wanted.push({ item, field: 'receiver', cipher: item.order.encrypt_post_receiver });
    }
    const room = Math.max(0, this.config.decryptQuota - this.used);
    if (wanted.length > room && !this.warned) {
      this.warned = true;
      this.ctx.logger.warn(`douyin: decryptQuota (${this.config.decryptQuota}) reached; the remaining receivers stay ciphertext this run`);
    }
    const todo = wanted.slice(0, room);
    for (let i = 0; i < todo.length; i += this.config.decryptBatchSize) {
      const batch = todo.slice(i, i + this.config.decryptBatchSize);
      this.used += batch.length;
      const data = await this.client.call<BatchDecryptData>('order.batchDecrypt', {
        cipher_infos: batch.map((w) => ({ auth_id: String(w.item.order.order_id), cipher_text: w.cipher })),
      });
      const plain = new Map<string, string>();
      for (const info of data?.decrypt_infos ?? []) {
        if (info.cipher_text && typeof info.decrypt_text === 'string' && (info.err_no ?? 0) === 0) plain.set(info.cipher_text, info.decrypt_text);
      }
      for (const w of batch) {
        const value = plain.get(w.cipher);
        if (value !== undefined) w.item.plain = { ...w.item.plain, [w.field]: value };
      }
    }
    return fetched;
  }
}

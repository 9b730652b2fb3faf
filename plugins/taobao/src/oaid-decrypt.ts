import type { PluginContext } from '@datong/sdk';
import type { PlainReceiver } from './streams/order-record.js';
import type { TopClient } from './top-client.js';

/** TOP's cap on one taobao.top.oaid.decrypt call ("最多支持20个"). */
export const DECRYPT_BATCH = 20;

interface DecryptAnswer {
  receiver_list?: { receiver?: { tid?: string | number; order_id?: string | number; oaid?: string; name?: string; mobile?: string }[] };
}

/**
 * Decrypts receivers through taobao.top.oaid.decrypt, 20 per call, in the configured scene, and
 * counts what it asked for per day in the plugin's state (`taobao.decrypt.<yyyy-mm-dd>`), since
 * decryption draws on a quota the app is granted.
 */
export async function decryptReceivers(client: TopClient, ctx: PluginContext, scene: string, wanted: { tid: string; oaid: string }[]): Promise<Map<string, PlainReceiver>> {
  const out = new Map<string, PlainReceiver>();
  for (let i = 0; i < wanted.length; i += DECRYPT_BATCH) {
    const chunk = wanted.slice(i, i + DECRYPT_BATCH);
    const answer = await client.call<DecryptAnswer>('taobao.top.oaid.decrypt', {
      query_list: JSON.stringify(chunk.map((w) => ({ tid: w.tid, oaid: w.oaid, scene }))),
    });
    for (const receiver of answer.receiver_list?.receiver ?? []) {
      const tid = String(receiver.tid ?? receiver.order_id ?? '');
      if (tid) out.set(tid, { name: receiver.name, mobile: receiver.mobile });
    }
    await countQuota(ctx, chunk.length);
  }
  return out;
}

async function countQuota(ctx: PluginContext, used: number): Promise<void> {
  const key = `taobao.decrypt.${new Date().toISOString().slice(0, 10)}`;
  const before = (await ctx.state.get<number>(key)) ?? 0;
  await ctx.state.set(key, before + used);
  ctx.logger.info(`taobao: decrypted ${used} receiver(s) through oaid.decrypt (${before + used} today)`, { decrypted: before + used });
}

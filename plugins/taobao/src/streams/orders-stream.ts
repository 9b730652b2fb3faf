import { RecordError, UpstreamError, readTimeWindows, type PluginContext, type SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import { decryptReceivers } from '../oaid-decrypt.js';
import { LOOKBACK_MS, type ResolvedTaobaoConfig } from '../taobao-config.js';
import type { TopClient } from '../top-client.js';
import { modifiedListing } from './modified-listing.js';
import { toOrderRecord, type PlainReceiver } from './order-record.js';
import { FULLINFO_FIELDS, INCREMENT_FIELDS, type TopTrade, type TopTradeSummary } from './trade-fields.js';

/** A trade read in full, or why it could not be (it becomes a dead letter; the run goes on). */
interface TradeItem {
  tid: string;
  modified: string;
  trade?: TopTrade;
  plain?: PlainReceiver;
  error?: string;
}

/**
 * The `orders` stream: trades modified in windows no wider than `windowMinutes` (TOP: a day at
 * most) through taobao.trades.sold.increment.get, each window paged from its last page back, then
 * each trade in full through taobao.trade.fullinfo.get (and its receiver decrypted when asked).
 */
export function ordersStream(client: TopClient, config: ResolvedTaobaoConfig, now: () => number = Date.now): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['tid'], cursorField: 'updated_at' },
    read: (options, ctx) => {
      const at = now();
      return readTimeWindows<TradeItem>({
        ...options,
        now: at,
        start: config.startDate ?? at - LOOKBACK_MS,
        lookbackMs: LOOKBACK_MS,
        maxWindowMs: config.windowMinutes * 60_000,
        lagMs: config.lagSeconds * 1000,
        fetchWindow: (from, to) => tradesOf(client, config, ctx, from, to),
        identity: (item) => `${item.tid}@${item.modified}`,
        toRecord: (item) => {
          if (!item.trade) throw new RecordError(`trade ${item.tid}: ${item.error ?? 'no detail'}`, { code: 'UPSTREAM_REJECTED' });
          return toOrderRecord(item.trade, config.channel, item.plain) as unknown as Record<string, unknown>;
        },
      });
    },
  };
}

/** One window's trades, page by page, each in full; a trade listed twice (page 1 is read twice) is fetched once. */
async function* tradesOf(client: TopClient, config: ResolvedTaobaoConfig, ctx: PluginContext, from: number, to: number): AsyncGenerator<TradeItem[]> {
  const fetched = new Set<string>();
  const listing = modifiedListing<TopTradeSummary>(client, {
    method: 'taobao.trades.sold.increment.get',
    wrapper: 'trades',
    item: 'trade',
    bounds: ['start_modified', 'end_modified'],
    params: { fields: INCREMENT_FIELDS, type: config.tradeTypes },
  }, from, to, config.pageSize);
  for await (const page of listing) {
    const items: TradeItem[] = [];
    for (const summary of page) {
      const tid = String(summary.tid_str ?? summary.tid);
      const version = `${tid}@${summary.modified}`;
      if (fetched.has(version)) continue;
      fetched.add(version);
      items.push(await fullTrade(client, tid, summary.modified));
    }
    if (config.decrypt) await decrypt(client, ctx, config.decryptScene, items);
    yield items;
  }
}

async function fullTrade(client: TopClient, tid: string, listedModified: string): Promise<TradeItem> {
  try {
    const answer = await client.call<{ trade?: TopTrade }>('taobao.trade.fullinfo.get', { tid, fields: FULLINFO_FIELDS });
    if (!answer.trade) return { tid, modified: listedModified, error: 'trade.fullinfo.get returned no trade' };
    return { tid, modified: answer.trade.modified, trade: answer.trade };
  } catch (error) {
    // TOP refusing this one trade (15 isv.*: gone, not this seller's) spoils only this record.
    if (error instanceof UpstreamError && error.code === 'UPSTREAM_REJECTED') return { tid, modified: listedModified, error: error.message };
    throw error;
  }
}

async function decrypt(client: TopClient, ctx: PluginContext, scene: string, items: TradeItem[]): Promise<void> {
  const wanted = items.filter((i) => i.trade?.oaid).map((i) => ({ tid: i.tid, oaid: i.trade!.oaid! }));
  if (wanted.length === 0) return;
  const plain = await decryptReceivers(client, ctx, scene, wanted);
  for (const item of items) if (item.trade) item.plain = plain.get(item.tid) ?? {};
}

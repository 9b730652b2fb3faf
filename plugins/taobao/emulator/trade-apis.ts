import type { EmulatorKit } from '@datong/sdk/emulator';
import type { TopApi } from './gateway.js';
import { parseTopTime } from './gateway.js';
import type { MaskStyle } from './pii-mask.js';
import { localMobile } from './pii-mask.js';
import type { SellerStore } from './seller-store.js';
import { invalidParameter, topAnswer } from './top-answers.js';
import { pick, refundView, tradeView } from './trade-view.js';

export interface TradeApiOptions {
  kit: EmulatorKit;
  store: SellerStore;
  mask: MaskStyle;
  /** The widest start..end window a listing takes (TOP: one day). */
  maxWindowMs: number;
  /** Receivers one oaid.decrypt call may ask for (TOP: 20). */
  decryptBatch: number;
  /** What oaid.decrypt gave so far, for tests. */
  decrypted: { calls: number; receivers: number };
}

type Window = { from: number; to: number; page: number; size: number; hasNext: boolean } | { error: ReturnType<typeof invalidParameter> };

/** The window and page of a "modified between" listing, checked as TOP checks them. */
function listingWindow(params: Map<string, string>, maxWindowMs: number): Window {
  const from = parseTopTime(params.get('start_modified'));
  const to = parseTopTime(params.get('end_modified'));
  if (from === undefined || to === undefined) return { error: invalidParameter('start_modified and end_modified are required (yyyy-MM-dd HH:mm:ss)') };
  if (to < from) return { error: invalidParameter('end_modified is before start_modified') };
  if (to - from > maxWindowMs) return { error: invalidParameter('end_modified - start_modified must not exceed one day') };
  const page = Number(params.get('page_no') ?? '1');
  const size = Number(params.get('page_size') ?? '40');
  if (!Number.isInteger(page) || page < 1) return { error: invalidParameter('page_no must be an integer >= 1') };
  if (!Number.isInteger(size) || size < 1 || size > 100) return { error: invalidParameter('page_size must be between 1 and 100') };
  return { from, to, page, size, hasNext: params.get('use_has_next') === 'true' };
}

/** The APIs the emulated gateway serves, by method name. */
export function tradeApis(options: TradeApiOptions): Map<string, TopApi> {
  const { kit, store, mask } = options;
  const apis = new Map<string, TopApi>();

  apis.set('taobao.trades.sold.increment.get', async (params) => {
    const fields = params.get('fields');
    if (!fields) return invalidParameter('fields is required');
    const window = listingWindow(params, options.maxWindowMs);
    if ('error' in window) return window.error;
    const all = store.modifiedBetween(window.from, window.to);
    const start = (window.page - 1) * window.size;
    const served = kit.pageFaults('trades', window.page - 1, all, start, window.size);
    await kit.pageServed('trades');
    const body: Record<string, unknown> = { trades: { trade: served.map((t) => pick(tradeView(t, mask), fields)) } };
    if (window.hasNext) body.has_next = start + window.size < all.length;
    else body.total_results = all.length;
    return topAnswer('taobao.trades.sold.increment.get', body);
  });

  apis.set('taobao.trade.fullinfo.get', (params) => {
    const tid = Number(params.get('tid'));
    if (!params.get('fields')) return invalidParameter('fields is required');
    const trade = Number.isSafeInteger(tid) ? store.find(tid) : undefined;
    if (!trade) return invalidParameter(`trade ${params.get('tid')} does not exist or is not this seller's`);
    return topAnswer('taobao.trade.fullinfo.get', { trade: pick(tradeView(trade, mask), params.get('fields')!) });
  });

  apis.set('taobao.refunds.receive.get', async (params) => {
    const window = listingWindow(params, options.maxWindowMs);
    if ('error' in window) return window.error;
    const all = store.refundsModifiedBetween(window.from, window.to);
    const start = (window.page - 1) * window.size;
    const served = kit.pageFaults('refunds', window.page - 1, all, start, window.size);
    await kit.pageServed('refunds');
    const body: Record<string, unknown> = { refunds: { refund: served.map((r) => refundView(r, store.find(r.tid)!)) } };
    if (window.hasNext) body.has_next = start + window.size < all.length;
    else body.total_results = all.length;
    return topAnswer('taobao.refunds.receive.get', body);
  });

  apis.set('taobao.top.oaid.decrypt', (params) => {
    let queries: { tid?: string; oaid?: string; scene?: string }[];
    try {
      queries = JSON.parse(params.get('query_list') ?? '') as typeof queries;
    } catch {
      return invalidParameter('query_list must be a JSON list of {tid, oaid, scene}');
    }
    if (!Array.isArray(queries) || queries.length === 0) return invalidParameter('query_list is required');
    if (queries.length > options.decryptBatch) return invalidParameter(`query_list takes at most ${options.decryptBatch} receivers`);
    const receivers: Record<string, unknown>[] = [];
    for (const q of queries) {
      if (!/^(100[1-7]|200[12])$/.test(q.scene ?? '')) return invalidParameter(`scene ${q.scene} is not one of 1001-1007, 2001, 2002`);
      const trade = store.find(Number(q.tid));
      if (!trade) continue;
      const a = trade.receiver.address;
      receivers.push({
        tid: String(trade.tid), oaid: q.oaid, matched: q.oaid === trade.oaid, name: trade.receiver.name, mobile: localMobile(trade.receiver),
        state: a.province, city: a.city, district: a.district ?? '', address_detail: a.street, privacy_protection: false,
      });
    }
    options.decrypted.calls += 1;
    options.decrypted.receivers += receivers.length;
    return topAnswer('taobao.top.oaid.decrypt', { receiver_list: { receiver: receivers } });
  });

  return apis;
}

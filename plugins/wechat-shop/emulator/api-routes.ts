import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { decodeKey, idPage } from './listing.js';
import { beijingSeconds, channelsAftersale, channelsOrder, minishopOrder, plainReceiver } from './order-views.js';
import type { ShopStore } from './shop-store.js';
import type { TokenRegistry } from './token-registry.js';
import { wechatError, wechatOk } from './wechat-answers.js';

const WEEK_S = 7 * 86_400;
const DAY_S = 86_400;

/** The settings the routes honour. */
export interface RouteSettings {
  appId: string;
  appSecret: string;
  nextKeyMode: 'keyset' | 'offset';
  maskPii: boolean;
  decodeQuota: number;
  minuteQuota?: number;
  dailyQuota?: number;
  /** Widest update-time window of the mini-program shop's get_list, seconds; undefined = no limit. */
  minishopMaxWindowS?: number;
}

/** Counters the emulator exposes (tokens are the registry's). */
export interface RouteCounters {
  decodes: Map<string, number>;
  minute: Map<string, { minute: number; calls: number }>;
  daily: Map<string, { day: string; calls: number }>;
}

type Handler = (req: EmulatorRequest, body: Record<string, any>) => EmulatorResponse | Promise<EmulatorResponse>;

/** Registers the WeChat shop's routes on the kit. */
export function registerRoutes(kit: EmulatorKit, store: ShopStore, tokens: TokenRegistry, settings: RouteSettings, counters: RouteCounters): void {
  const day = () => new Date(kit.now() + 8 * 3_600_000).toISOString().slice(0, 10);

  kit.route('GET', '/cgi-bin/token', (req) => {
    const q = req.query;
    if (q.get('grant_type') !== 'client_credential') return wechatError('invalidGrantType');
    if (q.get('appid') !== settings.appId) return wechatError('invalidAppId');
    if (!q.get('secret')) return wechatError('missingAppSecret');
    if (q.get('secret') !== settings.appSecret) return wechatError('invalidAppSecret');
    return { status: 200, json: tokens.issue() };
  });

  /** The gate every API call passes: token, quotas, a JSON body. */
  const api = (handler: Handler) => async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    const refused = tokens.refusal(req.query.get('access_token'));
    if (refused) return wechatError(refused, refused === 'accessTokenExpired' ? 'token-expired' : undefined);
    if (settings.dailyQuota !== undefined) {
      const today = day();
      const used = counters.daily.get(req.path);
      const calls = used?.day === today ? used.calls + 1 : 1;
      counters.daily.set(req.path, { day: today, calls });
      if (calls > settings.dailyQuota) return wechatError('dailyQuota', 'daily-quota');
    }
    if (settings.minuteQuota !== undefined) {
      const minute = Math.floor(kit.now() / 60_000);
      const used = counters.minute.get(req.path);
      const calls = used?.minute === minute ? used.calls + 1 : 1;
      counters.minute.set(req.path, { minute, calls });
      if (calls > settings.minuteQuota) return wechatError('minuteQuota', 'minute-quota');
    }
    const body = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return wechatError('dataFormat');
    return handler(req, body as Record<string, any>);
  };

  const range = (r: unknown): { start: number; end: number } | 'bad' | undefined => {
    if (r === undefined) return undefined;
    const { start_time: start, end_time: end } = (r ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(start) || !Number.isInteger(end) || (end as number) < (start as number) || (end as number) - (start as number) > WEEK_S) return 'bad';
    return { start: start as number, end: end as number };
  };

  kit.route('POST', '/channels/ec/order/list/get', api(async (_req, body) => {
    const created = range(body.create_time_range);
    const updated = range(body.update_time_range);
    if (created === 'bad' || updated === 'bad' || (!created && !updated)) return wechatError('invalidArgs');
    const pageSize = body.page_size ?? 10;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return wechatError('invalidArgs');
    const key = decodeKey(body.next_key);
    if (key === 'bad') return wechatError('invalidArgs');
    const items = store.orders.filter((o) =>
      (!created || (o.createTime >= created.start && o.createTime <= created.end)) &&
      (!updated || (o.updateTime >= updated.start && o.updateTime <= updated.end)) &&
      (body.status === undefined || o.status === body.status) &&
      (body.openid === undefined || o.buyer.openid === body.openid));
    const page = await idPage({ kit, listing: 'orders', items, updateTime: (o) => o.updateTime, id: (o) => o.orderId, pageSize, nextKey: key, mode: settings.nextKeyMode });
    return wechatOk({ order_id_list: page.ids, next_key: page.nextKey, has_more: page.hasMore });
  }));

  kit.route('POST', '/channels/ec/order/get', api((_req, body) => {
    const order = store.order(String(body.order_id ?? ''));
    return order ? wechatOk({ order: channelsOrder(order, settings.maskPii) }) : wechatError('orderNotFound');
  }));

  kit.route('POST', '/channels/ec/order/sensitiveinfo/decode', api((_req, body) => {
    const order = store.order(String(body.order_id ?? ''));
    if (!order) return wechatError('orderNotFound');
    const used = (counters.decodes.get(day()) ?? 0) + 1;
    counters.decodes.set(day(), used);
    if (used > settings.decodeQuota) return wechatError('dailyQuota', 'decode-quota');
    const virtual = order.virtualTel ? { virtual_number_info: { virtual_number: order.virtualTel.number.split('-')[0], extension: order.virtualTel.number.split('-')[1] } } : {};
    return wechatOk({ address_info: plainReceiver(order.buyer), ...virtual });
  }));

  kit.route('POST', '/channels/ec/aftersale/getaftersalelist', api(async (_req, body) => {
    const pair = (from: unknown, to: unknown) => (from === undefined && to === undefined ? undefined : Number.isInteger(from) && Number.isInteger(to) ? { start: from as number, end: to as number } : 'bad');
    const created = pair(body.begin_create_time, body.end_create_time);
    const updated = pair(body.begin_update_time, body.end_update_time);
    if (created === 'bad' || updated === 'bad' || (!created && !updated)) return wechatError('invalidArgs');
    for (const r of [created, updated]) if (r && (r.end < r.start || r.end - r.start > DAY_S)) return wechatError('aftersaleWindow');
    const key = decodeKey(body.next_key);
    if (key === 'bad') return wechatError('invalidArgs');
    const items = store.aftersales.filter((a) =>
      (!created || (a.createTime >= created.start && a.createTime <= created.end)) && (!updated || (a.updateTime >= updated.start && a.updateTime <= updated.end)));
    const page = await idPage({ kit, listing: 'aftersales', items, updateTime: (a) => a.updateTime, id: (a) => a.id, pageSize: 50, nextKey: key, mode: settings.nextKeyMode });
    return wechatOk({ after_sale_order_id_list: page.ids, next_key: page.nextKey, has_more: page.hasMore });
  }));

  kit.route('POST', '/channels/ec/aftersale/getaftersaleorder', api((_req, body) => {
    const a = store.aftersale(String(body.after_sale_order_id ?? ''));
    return a ? wechatOk({ after_sale_order: channelsAftersale(a) }) : wechatError('aftersaleNotFound');
  }));

  kit.route('POST', '/product/order/get_list', api(async (_req, body) => {
    const pair = (from: unknown, to: unknown) => {
      if (from === undefined && to === undefined) return undefined;
      const start = beijingSeconds(from);
      const end = beijingSeconds(to);
      return Number.isNaN(start) || Number.isNaN(end) || end < start ? 'bad' : { start, end };
    };
    const created = pair(body.start_create_time, body.end_create_time);
    const updated = pair(body.start_update_time, body.end_update_time);
    if (created === 'bad' || updated === 'bad' || (!created && !updated)) return wechatError('invalidArgs');
    // Both pairs at once find nothing: the two ranges are "or", not "and" (a community-reported quirk).
    if (created && updated) return wechatOk({ orders: [], total_num: 0 });
    const r = (created ?? updated)!;
    if (settings.minishopMaxWindowS !== undefined && r.end - r.start > settings.minishopMaxWindowS) return wechatError('invalidArgs');
    const page = body.page;
    const pageSize = body.page_size;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return wechatError('invalidArgs');
    const time = (o: { createTime: number; updateTime: number }) => (created ? o.createTime : o.updateTime);
    const all = store.orders
      .filter((o) => time(o) >= r.start && time(o) <= r.end && (body.status === undefined || o.status === body.status))
      .sort((a, b) => b.updateTime - a.updateTime || (b.orderId < a.orderId ? -1 : 1));
    const served = kit.pageFaults('minishop-orders', page - 1, all, (page - 1) * pageSize, pageSize);
    await kit.pageServed('minishop-orders');
    return wechatOk({ orders: served.map((o) => minishopOrder(o, settings.maskPii)), total_num: all.length });
  }));
}

/** The throttle answer the kit's rateLimitAfter fault serves: WeChat's minute quota. */
export function minuteQuotaAnswer(): EmulatorResponse {
  return wechatError('minuteQuota');
}

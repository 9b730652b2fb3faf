import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { AuthTokens } from './auth-tokens.js';
import type { MallStore } from './mall-store.js';
import { orderView, refundView } from './order-view.js';
import { pddError } from './pdd-errors.js';
import { expectedSign } from './router-signature.js';

/** The gateway rules the emulator enforces; each UNCONFIRMED one is a setting. */
export interface RouterRules {
  clientId: string;
  clientSecret: string;
  /** Widest start_updated_at..end_updated_at, seconds (PDD: 30 minutes). */
  maxWindowSeconds: number;
  maxPageSize: number;
  /** How far `timestamp` may be from the gateway's clock (PDD: 10 minutes, per third-party copies of its docs). */
  maxClockSkewSeconds: number;
  /** Accept a timestamp in milliseconds too (UNCONFIRMED; default no). */
  acceptMillisecondTimestamps: boolean;
  /** Whether end_updated_at is inclusive (UNCONFIRMED; default yes). */
  windowEndInclusive: boolean;
  /** The error code of an expired token (UNCONFIRMED: 10019, 10035 also listed). */
  expiredTokenCode: number;
  /** Serve receiver fields as ciphertext plus *_mask fields, the newer model (UNCONFIRMED; default no). */
  encryptedReceiver: boolean;
}

type Params = Map<string, string>;

/**
 * POST /api/router: reads the parameters (form, JSON or query), checks method, system parameters,
 * clock, signature and token the way PDD's gateway does, then dispatches on `type`. Every refusal is
 * PDD's `error_response` inside HTTP 200.
 */
export function routerEndpoint(deps: { kit: EmulatorKit; store: MallStore; tokens: AuthTokens; rules: RouterRules }) {
  const { kit, store, tokens, rules } = deps;
  return async (req: EmulatorRequest): Promise<EmulatorResponse> => {
    if (req.method !== 'POST') return pddError(10002);
    const params = readParams(req);
    for (const name of ['type', 'client_id', 'timestamp', 'sign']) {
      if (!params.get(name)) return pddError(20007, `缺少必填参数 ${name}`);
    }
    if (params.get('client_id') !== rules.clientId) return pddError(10016);
    const clock = checkTimestamp(params.get('timestamp')!, kit.now(), rules);
    if (clock !== undefined) return pddError(10001, clock);
    if (params.get('sign') !== expectedSign(params, rules.clientSecret)) return pddError(20004, 'sign校验失败，请检查client_secret和签名方法');
    const type = params.get('type')!;
    if (type === 'pdd.pop.auth.token.refresh') {
      const answer = tokens.refresh(params.get('refresh_token') ?? '');
      return answer ? { json: { pop_auth_token_refresh_response: answer } } : pddError(10000, 'refresh_token无效或已过期', 'isv.invalid-parameter:refresh_token');
    }
    const accessToken = params.get('access_token');
    if (!accessToken) return pddError(20007, '缺少必填参数 access_token');
    const verdict = tokens.check(accessToken);
    if (verdict === 'unknown') return pddError(20032);
    if (verdict === 'expired') return { ...pddError(rules.expiredTokenCode), fault: 'token-expired' };
    if (type === 'pdd.order.number.list.increment.get') return orderIncrement(params);
    if (type === 'pdd.refund.list.increment.get') return refundIncrement(params);
    return pddError(50012, `emulated gateway does not serve ${type}`);
  };

  async function orderIncrement(params: Params): Promise<EmulatorResponse> {
    const window = readWindow(params, rules);
    if ('error' in window) return window.error;
    const orderStatus = intParam(params, 'order_status');
    const refundStatus = intParam(params, 'refund_status');
    if (orderStatus === undefined || refundStatus === undefined) return pddError(20007, '缺少必填参数 order_status/refund_status');
    const matching = store.orders
      .filter((o) => inWindow(o.updatedAt, window, rules))
      .filter((o) => orderStatus === 5 || o.order_status === orderStatus)
      .filter((o) => refundStatus === 5 || o.refund_status === refundStatus)
      // Newest change first: an order updated mid-scan leaves the window and the rest move forward.
      .sort((a, b) => b.updatedAt - a.updatedAt || (a.orderSn < b.orderSn ? -1 : 1));
    const served = await page(`orders ${window.start}-${window.end}`, matching, window);
    return {
      json: {
        order_sn_increment_get_response: {
          total_count: matching.length,
          has_next: window.page * window.size < matching.length,
          order_sn_list: served.map((o) => orderView(o, store, rules.encryptedReceiver)),
        },
      },
    };
  }

  async function refundIncrement(params: Params): Promise<EmulatorResponse> {
    const window = readWindow(params, rules);
    if ('error' in window) return window.error;
    const status = intParam(params, 'after_sales_status');
    const type = intParam(params, 'after_sales_type');
    if (status === undefined || type === undefined) return pddError(20007, '缺少必填参数 after_sales_status/after_sales_type');
    const matching = store.refunds
      .filter((r) => inWindow(r.updatedAt, window, rules))
      .filter((r) => status === 1 || r.afterSalesStatus === status)
      .filter((r) => type === 1 || r.afterSalesType === type)
      .sort((a, b) => b.updatedAt - a.updatedAt || a.id - b.id);
    const served = await page(`refunds ${window.start}-${window.end}`, matching, window);
    return { json: { refund_increment_get_response: { total_count: matching.length, refund_list: served.map((r) => refundView(r, store)) } } };
  }

  async function page<T>(listing: string, all: T[], window: Window): Promise<T[]> {
    const start = (window.page - 1) * window.size;
    const items = kit.pageFaults(listing, window.page - 1, all, start, window.size);
    await kit.pageServed(listing);
    return items;
  }
}

interface Window {
  start: number;
  end: number;
  page: number;
  size: number;
}

function readParams(req: EmulatorRequest): Params {
  const params: Params = new Map(req.query);
  const body = req.body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const [name, value] of Object.entries(body)) params.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params;
}

function intParam(params: Params, name: string): number | undefined {
  const value = params.get(name);
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function checkTimestamp(value: string, nowMs: number, rules: RouterRules): string | undefined {
  if (!/^\d+$/.test(value)) return 'timestamp必须是UNIX时间戳(秒)';
  let seconds = Number(value);
  if (seconds > 1e11) {
    if (!rules.acceptMillisecondTimestamps) return 'timestamp必须是UNIX时间戳(秒)，不是毫秒';
    seconds = Math.floor(seconds / 1000);
  }
  if (Math.abs(seconds - nowMs / 1000) > rules.maxClockSkewSeconds) return `timestamp与服务器时间相差超过${rules.maxClockSkewSeconds}秒`;
  return undefined;
}

function readWindow(params: Params, rules: RouterRules): Window | { error: EmulatorResponse } {
  const start = intParam(params, 'start_updated_at');
  const end = intParam(params, 'end_updated_at');
  if (start === undefined || end === undefined) return { error: pddError(20007, '缺少必填参数 start_updated_at/end_updated_at') };
  if (end < start) return { error: pddError(10000, '开始时间不能大于结束时间', 'isv.invalid-parameter:start_updated_at') };
  if (end - start > rules.maxWindowSeconds) {
    return { error: pddError(10000, `开始时间结束时间间距不超过 ${rules.maxWindowSeconds / 60} 分钟`, 'isv.invalid-parameter:end_updated_at') };
  }
  const page = intParam(params, 'page') ?? 1;
  const size = intParam(params, 'page_size') ?? 100;
  if (page < 1) return { error: pddError(10000, 'page从1开始', 'isv.invalid-parameter:page') };
  if (size < 1 || size > rules.maxPageSize) return { error: pddError(10000, `page_size最大${rules.maxPageSize}`, 'isv.invalid-parameter:page_size') };
  return { start, end, page, size };
}

function inWindow(updatedAtMs: number, window: Window, rules: RouterRules): boolean {
  const seconds = Math.floor(updatedAtMs / 1000);
  return seconds >= window.start && (rules.windowEndInclusive ? seconds <= window.end : seconds < window.end);
}

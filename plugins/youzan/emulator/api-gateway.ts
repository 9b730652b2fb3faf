import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { customerView, fullOrderInfo, refundView, type ViewOptions } from './order-view.js';
import type { ShopStore } from './shop-store.js';
import type { TokenDesk } from './token-desk.js';
import { parseWireTime } from './wire.js';

export interface GatewayOptions {
  kit: EmulatorKit;
  store: ShopStore;
  tokens: TokenDesk;
  view: ViewOptions;
  kdtId: number;
  /** trades.sold.get: the widest time range a pair may span, ms (Youzan: 3 months). */
  maxRangeMs: number;
  /** trades.sold.get: most orders per page (100) and pages (100). */
  maxPageSize: number;
  maxPageNo: number;
  /** trades.sold.get sort by the filtered time: 'desc' (default; the direction is UNCONFIRMED) or 'asc'. */
  sort: 'desc' | 'asc';
}

type Params = Record<string, unknown>;
type Handler = (params: Params, o: GatewayOptions) => Promise<EmulatorResponse> | EmulatorResponse;

let traceSeq = 0;
const trace = () => `yz7-emu-${(++traceSeq).toString(36)}`;

/** The gateway's own error (path, token, throttle): `gw_err_resp` inside HTTP 200. */
export function gatewayError(code: number, message: string): EmulatorResponse {
  return { json: { gw_err_resp: { trace_id: trace(), err_msg: message, err_code: code } } };
}

function ok(data: unknown): EmulatorResponse {
  return { json: { trace_id: trace(), code: 200, data, success: true, message: 'successful' } };
}

function bizError(code: number, message: string, data: unknown = null): EmulatorResponse {
  return { json: { trace_id: trace(), code, data, success: false, message } };
}

const APIS: Record<string, { versions: string[]; handler: Handler }> = {
  'youzan.trades.sold.get': { versions: ['4.0.0', '4.0.1', '4.0.2', '4.0.4'], handler: tradesSoldGet },
  'youzan.trade.get': { versions: ['4.0.0', '4.0.2'], handler: tradeGet },
  'youzan.trade.refund.search': { versions: ['3.0.0', '3.0.1'], handler: refundSearch },
  'youzan.scrm.customer.list': { versions: ['1.0.0'], handler: customerList },
};

/**
 * `/api/<name>/<version>?access_token=…`: the API and version must exist (4005, checked before the
 * token), the content type must be one Youzan takes (4007), the token must be there (4201), known
 * (4203) and not expired (4202). Then the API's handler, with the body's JSON (or form, or query) params.
 */
export function apiGateway(o: GatewayOptions): (req: EmulatorRequest) => Promise<EmulatorResponse> {
  return async (req) => {
    const api = APIS[req.params.name ?? ''];
    if (!api || !api.versions.includes(req.params.version ?? '')) return gatewayError(4005, '非法的API');
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (req.method === 'POST' && !/application\/json|application\/x-www-form-urlencoded|multipart\/form-data/.test(type)) {
      return gatewayError(4007, `非法的请求姿势，httpMethod:POST, contentType:${type || 'none'}`);
    }
    if (type.includes('json') && req.rawBody.length > 0 && req.body === undefined) return gatewayError(4004, '非法的Content');
    switch (o.tokens.check(req.query.get('access_token'))) {
      case 'missing':
        return gatewayError(4201, '非法的请求凭证');
      case 'unknown':
        return gatewayError(4203, 'Token 不存在');
      case 'expired':
        return { ...gatewayError(4202, '请求凭证过期'), fault: 'token-expired' };
      case 'ok':
        break;
    }
    const params: Params = { ...Object.fromEntries(req.query), ...((req.body ?? {}) as Params) };
    delete params.access_token;
    return api.handler(params, o);
  };
}

/** A time pair as trades.sold.get reads it: both or neither (one alone is ignored), full `yyyy-MM-dd HH:mm:ss`. */
function timePair(params: Params, start: string, end: string): { range?: [number, number]; error?: EmulatorResponse } {
  const a = params[start];
  const b = params[end];
  for (const v of [a, b]) {
    // A date without its time is the 5001 "系统异常" Youzan answers (FAQ 33694).
    if (v !== undefined && v !== '' && parseWireTime(v) === undefined) return { error: gatewayError(5001, '系统异常') };
  }
  if (a === undefined || b === undefined || a === '' || b === '') return {};
  return { range: [parseWireTime(a)!, parseWireTime(b)!] };
}

async function tradesSoldGet(params: Params, o: GatewayOptions): Promise<EmulatorResponse> {
  const empty = { total_results: 0, full_order_info_list: [] };
  const pageNo = Number(params.page_no ?? 1);
  const pageSize = Number(params.page_size ?? 20);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > o.maxPageSize) return bizError(5000, `每页最多显示${o.maxPageSize}条数据`, empty);
  if (!Number.isInteger(pageNo) || pageNo < 1 || pageNo > o.maxPageNo) return bizError(5000, `page_no 最大为${o.maxPageNo}`, empty);
  const now = o.kit.now();
  let orders = [...o.store.orders];
  let sortKey: 'createdAt' | 'updatedAt' = 'createdAt';
  for (const [start, end, key] of [['start_created', 'end_created', 'createdAt'], ['start_update', 'end_update', 'updatedAt']] as const) {
    const pair = timePair(params, start, end);
    if (pair.error) return pair.error;
    if (!pair.range) continue;
    const [from, to] = pair.range;
    if (from > to) return bizError(5000, '开始时间不能大于结束时间', empty);
    if (to - from > o.maxRangeMs) return bizError(5000, '时间跨度不能超过3个月', empty);
    if (to > now + 7 * 86_400_000) return bizError(106000003, '结束时间不能超过当前日期后7天', empty);
    orders = orders.filter((x) => x[key] >= from && x[key] <= to);
    if (key === 'updatedAt') sortKey = 'updatedAt';
  }
  if (typeof params.status === 'string' && params.status !== '') {
    orders = params.status === 'TRADE_REFUND' ? orders.filter((x) => x.refundState !== 0) : orders.filter((x) => x.status === params.status);
  }
  if (typeof params.tid === 'string' && params.tid !== '') orders = orders.filter((x) => x.tid === params.tid);
  if (typeof params.yz_open_id === 'string' && params.yz_open_id !== '') orders = orders.filter((x) => x.customer.yzOpenId === params.yz_open_id);
  const dir = o.sort === 'desc' ? -1 : 1;
  orders.sort((x, y) => dir * (x[sortKey] - y[sortKey]) || dir * x.tid.localeCompare(y.tid));
  const page = o.kit.pageFaults('orders', pageNo - 1, orders, (pageNo - 1) * pageSize, pageSize);
  const answer = ok({ total_results: orders.length, full_order_info_list: page.map((x) => ({ full_order_info: fullOrderInfo(x, o.view) })) });
  await o.kit.pageServed('orders');
  return answer;
}

function tradeGet(params: Params, o: GatewayOptions): EmulatorResponse {
  const order = o.store.orders.find((x) => x.tid === params.tid);
  if (!order) return bizError(5000, 'trade not found', { delivery_order: [], refund_order: [], full_order_info: { orders: [], pay_info: { phase_payments: [] } } });
  return ok({ full_order_info: fullOrderInfo(order, o.view), refund_order: [], delivery_order: [] });
}

/** refund.search: seconds, page_no ≤ 100, page_no × page_size ≤ 3000. */
async function refundSearch(params: Params, o: GatewayOptions): Promise<EmulatorResponse> {
  const pageNo = Number(params.page_no ?? 1);
  const pageSize = Number(params.page_size ?? 20);
  if (!Number.isInteger(pageSize) || pageSize < 1) return bizError(53002, 'page_size type error');
  if (pageNo > 100) return bizError(5000, '查询页数超过100');
  if (pageNo * pageSize > 3000) return bizError(5000, '超过ES搜索最大深度');
  let refunds = [...o.store.refunds];
  const from = Number(params.update_time_start);
  const to = Number(params.update_time_end);
  if (Number.isFinite(from) && Number.isFinite(to) && params.update_time_start !== undefined && params.update_time_end !== undefined) {
    refunds = refunds.filter((r) => r.updatedAt >= from * 1000 && r.updatedAt <= to * 1000);
  }
  refunds.sort((x, y) => y.updatedAt - x.updatedAt || x.refundId.localeCompare(y.refundId));
  const page = o.kit.pageFaults('refunds', pageNo - 1, refunds, (pageNo - 1) * pageSize, pageSize);
  const answer = ok({ total: refunds.length, refunds: page.map((r) => refundView(r, o.kdtId)) });
  await o.kit.pageServed('refunds');
  return answer;
}

/** customer.list: created_at_* in seconds, page_size ≤ 50, page_no ≤ 500, at most 10,000 results, newest first. */
async function customerList(params: Params, o: GatewayOptions): Promise<EmulatorResponse> {
  const pageNo = Number(params.page_no ?? 1);
  const pageSize = Number(params.page_size ?? 20);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50 || pageNo > 500) return bizError(141500101, 'invalid params');
  let customers = [...o.store.customers];
  if (params.created_at_start !== undefined && params.created_at_end !== undefined) {
    const from = Number(params.created_at_start) * 1000;
    const to = Number(params.created_at_end) * 1000;
    customers = customers.filter((c) => c.createdAt >= from && c.createdAt <= to);
  }
  if (customers.length > 10_000 && pageNo * pageSize > 10_000) return bizError(142710032, '超过列表获取总数');
  customers.sort((x, y) => y.createdAt - x.createdAt || x.yzOpenId.localeCompare(y.yzOpenId));
  const page = o.kit.pageFaults('customers', pageNo - 1, customers, (pageNo - 1) * pageSize, pageSize);
  const answer = ok({ total: customers.length, record_list: page.map(customerView) });
  await o.kit.pageServed('customers');
  return answer;
}

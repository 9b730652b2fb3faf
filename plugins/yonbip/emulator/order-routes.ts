import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { TenantMasterData } from './merchant-routes.js';
import type { Order, OrderLine, YonbipStore } from './yonbip-store.js';

const refuse = (message: string): EmulatorResponse => ({ json: { code: '999', message } });
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** POST voucherorder/singleSave: one order, `_status` Insert (code must be new) or Update (by id, lines by their own _status). */
export function orderSingleSave(store: YonbipStore, tenant: TenantMasterData, data: Record<string, unknown>): EmulatorResponse {
  const update = data._status === 'Update';
  if (!update && data._status !== 'Insert') return refuse('_status必须是Insert或Update');
  const existing = update ? store.orderById(data.id) : undefined;
  if (update && !existing) return refuse(`销售订单不存在: id=${String(data.id)}`);
  const code = data.code;
  if (typeof code !== 'string' || code === '') return refuse('单据编号[code]不能为空（交易类型为手工编号）');
  if (!update && store.orders.has(code)) return refuse(`单据编号[code]已存在: ${code}`);
  if (update && code !== existing!.code) return refuse('单据编号[code]不允许修改');
  if (typeof data.vouchdate !== 'string' || !DATE.test(data.vouchdate)) return refuse(`单据日期[vouchdate]格式不正确，应为yyyy-MM-dd HH:mm:ss: ${String(data.vouchdate)}`);
  const agent = typeof data.agentId === 'string' || typeof data.agentId === 'number' ? store.merchants.get(String(data.agentId)) ?? store.merchantById(data.agentId) : undefined;
  if (!agent || agent.stopstatus) return refuse(`客户[agentId]不存在或已停用: ${String(data.agentId)}`);
  if (data.salesOrgId !== tenant.salesOrgId) return refuse(`销售组织[salesOrgId]不存在: ${String(data.salesOrgId)}`);
  if (data.transactionTypeId !== tenant.transactionTypeId) return refuse(`交易类型[transactionTypeId]不存在: ${String(data.transactionTypeId)}`);
  const details = data.orderDetails;
  if (!Array.isArray(details) || details.length === 0) return refuse('订单行[orderDetails]不能为空');
  const lines = lineChanges(store, existing?.orderDetails ?? [], details as Record<string, unknown>[]);
  if (typeof lines === 'string') return refuse(lines);
  if (lines.length === 0) return refuse('订单行[orderDetails]不能为空');
  const order: Order = {
    id: existing?.id ?? store.newId(),
    code,
    vouchdate: data.vouchdate,
    agentId: agent.id,
    salesOrgId: tenant.salesOrgId,
    transactionTypeId: tenant.transactionTypeId,
    currency: typeof data['orderPrices!currency'] === 'string' ? data['orderPrices!currency'] : 'CNY',
    exchRate: Number(data['orderPrices!exchRate'] ?? 1),
    taxInclusive: data['orderPrices!taxInclusive'] !== false,
    memo: typeof data.memo === 'string' ? data.memo : null,
    pubts: store.stamp(),
    orderDetails: lines,
  };
  store.orders.set(code, order);
  if (!update) store.created('salesOrders', code);
  return { json: { code: '200', message: '操作成功', data: { id: order.id, code: order.code, pubts: order.pubts, agentId: order.agentId, vouchdate: order.vouchdate } } };
}

/** Applies each line's `_status` (Insert, Update by id, Delete by id); lines not named are kept. */
function lineChanges(store: YonbipStore, before: OrderLine[], details: Record<string, unknown>[]): OrderLine[] | string {
  const lines = before.map((l) => ({ ...l }));
  for (const [i, detail] of details.entries()) {
    const status = detail._status ?? 'Insert';
    if (status === 'Delete') {
      const at = lines.findIndex((l) => String(l.id) === String(detail.id));
      if (at < 0) return `订单行不存在: orderDetails[${i}].id=${String(detail.id)}`;
      lines.splice(at, 1);
      continue;
    }
    if (typeof detail.productId !== 'string' && typeof detail.productId !== 'number') return `物料[orderDetails[${i}].productId]不能为空`;
    const qty = Number(detail.qty);
    if (!(qty > 0)) return `数量[orderDetails[${i}].qty]必须大于0`;
    for (const field of ['oriTaxUnitPrice', 'oriSum']) {
      if (!DECIMAL.test(String(detail[field]))) return `金额[orderDetails[${i}].${field}]格式不正确: ${String(detail[field])}`;
    }
    const values = { productId: String(detail.productId), qty, oriTaxUnitPrice: String(detail.oriTaxUnitPrice), oriSum: String(detail.oriSum) };
    if (status === 'Update') {
      const line = lines.find((l) => String(l.id) === String(detail.id));
      if (!line) return `订单行不存在: orderDetails[${i}].id=${String(detail.id)}`;
      Object.assign(line, values);
    } else {
      lines.push({ id: store.newId(), lineno: 0, ...values });
    }
  }
  lines.forEach((line, i) => (line.lineno = (i + 1) * 10));
  return lines;
}

/** The list row of each line: the header repeated, as YonBIP's list answers. */
function rows(store: YonbipStore, order: Order): Record<string, unknown>[] {
  const agent = store.merchantById(order.agentId);
  return order.orderDetails.map((line) => ({
    id: order.id,
    code: order.code,
    vouchdate: order.vouchdate,
    agentId: order.agentId,
    agentId_name: agent?.name.zh_CN ?? '',
    salesOrgId: order.salesOrgId,
    transactionTypeId: order.transactionTypeId,
    orderPrices: { currency: order.currency, exchRate: order.exchRate },
    memo: order.memo,
    pubts: order.pubts,
    orderDetailId: line.id,
    lineno: line.lineno,
    productId: line.productId,
    productCode: line.productId,
    qty: line.qty,
    oriTaxUnitPrice: line.oriTaxUnitPrice,
    oriSum: line.oriSum,
  }));
}

/** POST voucherorder/list: one row per order line, paged by rows, filtered by code. */
export function orderList(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const pageIndex = Number(body.pageIndex ?? 1);
  const pageSize = Number(body.pageSize ?? 10);
  if (!(pageSize >= 1 && pageSize <= 500)) return refuse('pageSize必须在1到500之间');
  let orders = [...store.orders.values()];
  if (typeof body.code === 'string') orders = orders.filter((o) => o.code === body.code);
  const all = orders.flatMap((o) => rows(store, o));
  const recordList = all.slice((pageIndex - 1) * pageSize, pageIndex * pageSize);
  return { json: { code: '200', message: '操作成功', data: { pageIndex, pageSize, recordCount: all.length, recordList, pageCount: Math.ceil(all.length / pageSize) } } };
}

/** GET voucherorder/detail?id=: the order with its lines. */
export function orderDetail(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const order = store.orderById(req.query.get('id'));
  if (!order) return { json: { code: '1002', message: '数据不存在' } };
  return { json: { code: '200', message: '操作成功', data: { ...structuredClone(order), 'orderPrices!currency': order.currency } } };
}

/** POST voucherorder/batchdelete (UNCONFIRMED path): deletes orders by id; unknown ids are failures in the answer. */
export function orderBatchDelete(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const items = (req.body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(items) || items.length === 0) return refuse('参数data不能为空');
  const messages: string[] = [];
  let ok = 0;
  for (const item of items as Record<string, unknown>[]) {
    const order = store.orderById(item.id);
    if (!order) messages.push(`销售订单不存在: id=${String(item.id)}`);
    else {
      store.orders.delete(order.code);
      ok++;
    }
  }
  return { json: { code: '200', message: '操作成功', data: { count: items.length, sucessCount: ok, failCount: items.length - ok, messages } } };
}

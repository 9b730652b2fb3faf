import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { addWithTrade, answer, ok, textProblem, wrapped, type EmulatorApi } from './emulator-api.js';
import type { U8Row } from './u8-store.js';

/** What U8 refuses in a sale order, naming the field; undefined when it takes it. */
function problem(api: EmulatorApi, row: U8Row): string | undefined {
  const found = textProblem(row, 'code', api.settings.maxOrderCodeLength, true) ?? textProblem(row, 'custcode', 20, true) ?? textProblem(row, 'typecode', 20, true);
  if (found) return found;
  if (typeof row.date !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(row.date)) return '字段 date 须为 yyyy-MM-dd';
  if (!Array.isArray(row.entry) || row.entry.length === 0) return '字段 entry 必填：至少一行';
  for (const [i, line] of (row.entry as Record<string, unknown>[]).entries()) {
    if (line === null || typeof line !== 'object') return `字段 entry[${i}] 须为对象`;
    if (typeof line.inventorycode !== 'string' || line.inventorycode === '') return `字段 entry[${i}].inventorycode 必填`;
    if (!(Number(line.quantity) > 0)) return `字段 entry[${i}].quantity 须大于 0`;
    if (line.taxunitprice !== undefined && !Number.isFinite(Number(line.taxunitprice))) return `字段 entry[${i}].taxunitprice 须为数字`;
  }
  return undefined;
}

/** `POST /api/saleorder/add`: one order, by tradeid or biz_id, linked to its customer by custcode. */
export function addSaleOrder(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  return addWithTrade(api, req, 'saleorder', (row) => {
    const { errcodes } = api.settings;
    const why = problem(api, row);
    if (why) return answer(errcodes.invalidField, why);
    const code = String(row.code);
    if (api.store.saleorders.has(code)) return answer(errcodes.duplicateCode, `销售订单号 ${code} 已存在`);
    const customer = api.store.customers.get(String(row.custcode));
    if (!customer) return answer(errcodes.unknownCustomer, `客户编码 ${String(row.custcode)} 不存在`);
    api.store.create('saleorder', { ...row, code, cusname: customer.name, state: '开立' });
    return ok({ id: code });
  });
}

/** `GET /api/saleorder/get?id=<code>`. */
export function getSaleOrder(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  const code = req.query.get('id') ?? '';
  const held = api.store.saleorders.get(code);
  return held ? ok({ saleorder: held }, '') : answer(api.settings.errcodes.notFound, `销售订单号 ${code} 不存在`);
}

/** `POST /api/saleorder/abandon` `{"saleorder":{"voucher_code"}}`: voids the order (it stays, in the abandoned state). */
export function abandonSaleOrder(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  const row = wrapped(req, 'saleorder');
  const code = String(row?.voucher_code ?? row?.code ?? '');
  const held = api.store.saleorders.get(code);
  if (!held) return answer(api.settings.errcodes.notFound, `销售订单号 ${code} 不存在`);
  held.state = api.settings.abandonedState;
  return ok({ id: code });
}

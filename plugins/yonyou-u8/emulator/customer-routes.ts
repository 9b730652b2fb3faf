import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { addWithTrade, answer, ok, textProblem, wrapped, type EmulatorApi } from './emulator-api.js';
import type { U8Row } from './u8-store.js';

/** The customer fields the emulator knows (U8's customer_add field list, the parts a sink uses). */
const FIELDS = new Set([
  'code', 'name', 'abbrname', 'sort_code', 'domain_code', 'industry', 'address', 'bank_open', 'bank_acc_number', 'contact', 'phone', 'fax', 'mobile',
  'devliver_site', 'end_date', 'memo', 'ccusexch_name', 'ccusmngtypecode', 'spec_operator',
  ...Array.from({ length: 16 }, (_, i) => `self_define${i + 1}`),
]);

/** Phone and mobile: digits and the usual separators. */
const PHONE = /^[0-9+\-() ]{1,30}$/;

/** What U8 refuses in a customer, naming the field; undefined when it takes it. */
function problem(api: EmulatorApi, row: U8Row, adding: boolean): string | undefined {
  for (const field of Object.keys(row)) if (!FIELDS.has(field)) return `字段 ${field} 不存在`;
  const s = api.settings;
  const found =
    textProblem(row, 'code', s.maxCustomerCodeLength, true) ??
    (adding || 'name' in row ? textProblem(row, 'name', s.maxNameLength, true) : undefined) ??
    (adding || 'abbrname' in row ? textProblem(row, 'abbrname', 60, true) : undefined) ??
    Array.from({ length: 16 }, (_, i) => textProblem(row, `self_define${i + 1}`, 120, false)).find((p) => p !== undefined);
  if (found) return found;
  for (const field of ['phone', 'mobile']) {
    const value = row[field];
    if (typeof value === 'string' && value !== '' && !PHONE.test(value)) return `字段 ${field} 格式不正确：${value}`;
  }
  if (typeof row.end_date === 'string' && row.end_date !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(row.end_date)) return '字段 end_date 须为 yyyy-MM-dd';
  return undefined;
}

/** `POST /api/customer/add`: one customer, by tradeid or biz_id. */
export function addCustomer(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  return addWithTrade(api, req, 'customer', (row) => {
    const why = problem(api, row, true);
    if (why) return answer(api.settings.errcodes.invalidField, why);
    const code = String(row.code);
    if (api.store.customers.has(code)) return answer(api.settings.errcodes.duplicateCode, `客户编码 ${code} 已存在`);
    api.store.create('customer', { ...row, code });
    return ok({ id: code });
  });
}

/** `POST /api/customer/edit`: the customer `code` names gets the fields given; "" clears one. */
export function editCustomer(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  const row = wrapped(req, 'customer');
  if (!row) return answer(api.settings.errcodes.invalidField, '请求体须为 {"customer": {...}}');
  const why = problem(api, row, false);
  if (why) return answer(api.settings.errcodes.invalidField, why);
  const code = String(row.code);
  const held = api.store.customers.get(code);
  if (!held) return answer(api.settings.errcodes.notFound, `客户编码 ${code} 不存在`);
  Object.assign(held, row);
  return ok({ id: code });
}

/** `GET /api/customer/get?id=<code>`. */
export function getCustomer(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  const code = req.query.get('id') ?? '';
  const held = api.store.customers.get(code);
  return held ? ok({ customer: held }, '') : answer(api.settings.errcodes.notFound, `客户编码 ${code} 不存在`);
}

/** `GET /api/customer/batch_get?page_index&rows_per_page[&code_begin&code_end&name]`. */
export function batchGetCustomers(api: EmulatorApi, req: EmulatorRequest): EmulatorResponse {
  const page = Math.max(1, Number(req.query.get('page_index') ?? 1) || 1);
  const rows = Math.min(500, Math.max(1, Number(req.query.get('rows_per_page') ?? 20) || 20));
  const begin = req.query.get('code_begin');
  const end = req.query.get('code_end');
  const name = req.query.get('name');
  const all = [...api.store.customers.values()]
    .filter((c) => (begin === null || String(c.code) >= begin) && (end === null || String(c.code) <= end) && (name === null || String(c.name ?? '').includes(name)))
    .sort((a, b) => String(a.code).localeCompare(String(b.code)));
  return ok({ page_index: page, rows_per_page: rows, row_count: all.length, page_count: Math.ceil(all.length / rows), customer: all.slice((page - 1) * rows, page * rows) }, '');
}

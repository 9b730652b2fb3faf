import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { Merchant, YonbipStore } from './yonbip-store.js';

/** The tenant's fixed master data the routes check against. */
export interface TenantMasterData {
  orgCode: string;
  salesOrgId: string;
  transactionTypeId: string;
}

const refuse = (message: string): EmulatorResponse => ({ json: { code: '999', message } });
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The `data` object of a single save, or the refusal of anything else (a list is a batch: not here). */
export function singleData(req: EmulatorRequest): Record<string, unknown> | EmulatorResponse {
  const data = (req.body as { data?: unknown } | undefined)?.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return refuse('参数data必须是单条数据对象（单个保存接口不支持批量）');
  return data as Record<string, unknown>;
}

/** The checks merchant saves share: name, contacts (email). */
function merchantProblem(data: Record<string, unknown>, nameField: 'simplifiedName' | 'zh_CN'): string | undefined {
  const name = (data.name as Record<string, unknown> | undefined)?.[nameField];
  if (typeof name !== 'string' || name.trim() === '') return '客户名称不能为空!';
  if (name.length > 200) return `客户名称[name.${nameField}]长度不能超过200`;
  const contacts = data.merchantContactInfos;
  if (contacts !== undefined && !Array.isArray(contacts)) return '联系人信息[merchantContactInfos]必须是数组';
  for (const [i, contact] of ((contacts ?? []) as Record<string, unknown>[]).entries()) {
    const email = contact.email;
    if (email !== undefined && email !== null && (typeof email !== 'string' || !EMAIL.test(email))) {
      return `联系人邮箱格式不正确: merchantContactInfos[${i}].email=${String(email)}`;
    }
  }
  return undefined;
}

/** POST merchant/idempotent/newinsert: creates one merchant; refuses a code already held. */
export function merchantNewInsert(store: YonbipStore, tenant: TenantMasterData, data: Record<string, unknown>): EmulatorResponse {
  const code = data.code;
  if (typeof code !== 'string' || code === '') return refuse('客户编码[code]不能为空!');
  const problem = merchantProblem(data, 'simplifiedName');
  if (problem) return refuse(problem);
  if (data.createOrgCode !== tenant.orgCode) return refuse(`创建组织[createOrgCode]不存在: ${String(data.createOrgCode)}`);
  if (store.merchants.has(code)) return refuse(`客户编码[code]已存在: ${code}`);
  const name = String((data.name as Record<string, unknown>).simplifiedName);
  const merchant: Merchant = {
    id: store.newId(),
    code,
    name: { simplifiedName: name, zh_CN: name },
    enterpriseNature: typeof data.enterpriseNature === 'number' ? data.enterpriseNature : 0,
    customerClassCode: typeof data.customerClassCode === 'string' ? data.customerClassCode : null,
    createOrgCode: tenant.orgCode,
    merchantContactInfos: ((data.merchantContactInfos ?? []) as Record<string, unknown>[]).map((c, i) => ({ ...c, id: store.newId() + i })),
    merchantDefine: { ...((data.merchantDefine ?? {}) as Record<string, unknown>) },
    stopstatus: false,
    pubts: store.stamp(),
  };
  store.merchants.set(code, merchant);
  store.created('customers', code);
  return { json: { code: '200', success: true, message: '操作成功', data: [{ id: merchant.id, code }] } };
}

/** POST merchant/save: `_status` Update (by id) overwrites the fields given; Insert creates. */
export function merchantSave(store: YonbipStore, tenant: TenantMasterData, data: Record<string, unknown>): EmulatorResponse {
  if (data._status === 'Insert') {
    const name = (data.name as Record<string, unknown> | undefined)?.zh_CN;
    return merchantNewInsert(store, tenant, { ...data, createOrgCode: data.createOrg ?? data.createOrgCode, name: { simplifiedName: name } });
  }
  if (data._status !== 'Update') return refuse('_status必须是Insert或Update');
  const merchant = store.merchantById(data.id);
  if (!merchant) return refuse(`客户档案不存在: id=${String(data.id)}`);
  const problem = merchantProblem(data, 'zh_CN');
  if (problem) return refuse(problem);
  if (data.code !== undefined && data.code !== merchant.code) return refuse('客户编码[code]不允许修改');
  const name = String((data.name as Record<string, unknown>).zh_CN);
  merchant.name = { simplifiedName: name, zh_CN: name };
  if (typeof data.enterpriseNature === 'number') merchant.enterpriseNature = data.enterpriseNature;
  if ('customerClassCode' in data) merchant.customerClassCode = typeof data.customerClassCode === 'string' ? data.customerClassCode : null;
  if (Array.isArray(data.merchantContactInfos)) merchant.merchantContactInfos = (data.merchantContactInfos as Record<string, unknown>[]).map((c) => ({ ...c, id: store.newId() }));
  if (data.merchantDefine !== null && typeof data.merchantDefine === 'object') merchant.merchantDefine = { ...merchant.merchantDefine, ...(data.merchantDefine as Record<string, unknown>) };
  merchant.pubts = store.stamp();
  return { json: { code: '200', message: '操作成功', data: { id: merchant.id, code: merchant.code, pubts: merchant.pubts } } };
}

/** POST merchant/newlist: a page of merchants, filtered by code or id; pageSize at most 5000. */
export function merchantList(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const pageIndex = Number(body.pageIndex ?? 1);
  const pageSize = Number(body.pageSize ?? 10);
  if (!(pageSize >= 1 && pageSize <= 5000)) return refuse('pageSize必须在1到5000之间');
  let all = [...store.merchants.values()];
  if (body.code !== undefined) all = all.filter((m) => m.code === body.code);
  if (body.id !== undefined) all = all.filter((m) => String(m.id) === String(body.id));
  const page = all.slice((pageIndex - 1) * pageSize, pageIndex * pageSize);
  const recordList = page.map((m) => ({ id: m.id, code: m.code, name: m.name, stopstatus: m.stopstatus, pubts: m.pubts, createOrg_code: m.createOrgCode }));
  return { json: { code: '200', message: '操作成功', data: { pageIndex, pageSize, recordCount: all.length, recordList } } };
}

/** GET merchant/detail?id=: the whole merchant. */
export function merchantDetail(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const merchant = store.merchantById(req.query.get('id'));
  if (!merchant) return { json: { code: '999', message: `客户档案不存在: id=${String(req.query.get('id'))}` } };
  return { json: { code: '200', message: '操作成功', data: structuredClone(merchant) } };
}

/** POST merchant/stop: stops (停用) merchants by merchantCode or merchantId. */
export function merchantStop(store: YonbipStore, req: EmulatorRequest): EmulatorResponse {
  const items = (req.body as { data?: unknown } | undefined)?.data;
  if (!Array.isArray(items) || items.length === 0) return refuse('参数data不能为空');
  let last: Merchant | undefined;
  for (const item of items as Record<string, unknown>[]) {
    const merchant = typeof item.merchantCode === 'string' ? store.merchants.get(item.merchantCode) : store.merchantById(item.merchantId);
    if (!merchant) return refuse(`客户档案不存在: ${String(item.merchantCode ?? item.merchantId)}`);
    merchant.stopstatus = true;
    merchant.pubts = store.stamp();
    last = merchant;
  }
  return { json: { code: '200', message: '操作成功', data: { id: last!.id, merchantId: String(last!.id), pubts: last!.pubts } } };
}

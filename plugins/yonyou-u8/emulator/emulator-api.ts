import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { U8EmulatorSettings } from './emulator-settings.js';
import type { U8Row, U8Store } from './u8-store.js';

/** What the route modules share: the data, the settings and U8's answer shapes. */
export interface EmulatorApi {
  store: U8Store;
  settings: U8EmulatorSettings;
  now(): number;
}

/** U8's answer: HTTP 200, a string errcode ("0" = success), errmsg, and the payload. */
export function answer(errcode: string, errmsg: string, payload: Record<string, unknown> = {}): EmulatorResponse {
  return { status: 200, json: { errcode, errmsg, ...payload } };
}

export function ok(payload: Record<string, unknown> = {}, errmsg = '成功'): EmulatorResponse {
  return answer('0', errmsg, payload);
}

/** The record a body wraps in its resource's name: `{"customer": {...}}`. */
export function wrapped(req: EmulatorRequest, resource: string): U8Row | undefined {
  const inner = (req.body as Record<string, unknown> | undefined)?.[resource];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as U8Row) : undefined;
}

/**
 * An add, as U8 documents it: exactly one of tradeid (issued by /system/tradeid) and biz_id; a
 * resubmit with a tradeid or biz_id seen before answers the record the first add made, making
 * nothing. `make` validates and stores the record, answering its id or U8's refusal.
 */
export function addWithTrade(api: EmulatorApi, req: EmulatorRequest, resource: 'customer' | 'saleorder', make: (row: U8Row) => EmulatorResponse): EmulatorResponse {
  const { errcodes } = api.settings;
  const tradeid = req.query.get('tradeid');
  const bizId = req.query.get('biz_id');
  if ((tradeid === null) === (bizId === null)) {
    return answer(errcodes.tradeidAndBizId, tradeid === null ? '参数tradeid和biz_id必须传一个' : '参数tradeid和biz_id不能同时传');
  }
  const biz = bizId !== null;
  const id = (biz ? bizId : tradeid)!;
  if (!biz && !api.store.isIssued(id)) return answer(errcodes.unknownTradeid, `tradeid ${id} 无效：请先调用 /system/tradeid 获取`);
  const before = api.store.trade(resource, id, biz);
  if (before) return ok({ id: before.id, tradeid: tradeid ?? undefined });
  const row = wrapped(req, resource);
  if (!row) return answer(errcodes.invalidField, `请求体须为 {"${resource}": {...}}`);
  const made = make(row);
  const body = made.json as { errcode?: string; id?: string };
  if (body.errcode === '0' && body.id !== undefined) api.store.remember(resource, id, biz, { resource, id: body.id });
  return tradeid === null ? made : { ...made, json: { ...body, tradeid } };
}

/** A text field's problem (missing when required, too long), or undefined. */
export function textProblem(row: U8Row, field: string, max: number, required: boolean): string | undefined {
  const value = row[field];
  if (value === undefined || value === null || value === '') return required ? `字段 ${field} 必填` : undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return `字段 ${field} 须为文本`;
  if (String(value).length > max) return `字段 ${field} 超长：最多 ${max} 个字符，实际 ${String(value).length} 个`;
  return undefined;
}

import type { EmulatorResponse } from '@datong/sdk/emulator';
import type { JiandaoyunEmulatorSettings } from './emulator-settings.js';
import { CODES, platformError } from './error-codes.js';
import type { Condition, FormStore } from './form-store.js';
import type { FormDefinition } from './seed-forms.js';

type Body = Record<string, unknown>;
type Handler = (body: Body) => EmulatorResponse;

/**
 * The form and data endpoints, by their path after /api/v5/app/entry/. Request and answer shapes
 * follow hc.jiandaoyun.com/open/14220, 14221, 14223 (OFFICIAL) except where marked UNCONFIRMED.
 */
export class DataRoutes {
  /** transaction_id → the first answer, replayed to a repeat within transactionTtlMs. */
  private readonly transactions = new Map<string, { at: number; response: EmulatorResponse }>();

  constructor(
    private readonly store: FormStore,
    private readonly settings: JiandaoyunEmulatorSettings,
    private readonly now: () => number,
  ) {}

  handlers(): Record<string, Handler> {
    return {
      // UNCONFIRMED: endpoint and answer shape from general knowledge.
      'widget/list': (body) => this.withForm(body, (form) => ({
        json: { widgets: form.widgets.map(({ name, label, type }) => ({ name, label, type })), sysWidgets: SYS_WIDGETS, dataModifyTime: new Date(this.now()).toISOString() },
      })),
      'data/list': (body) => this.withForm(body, (form) => this.list(form, body)),
      'data/get': (body) => this.withForm(body, (form) => {
        const row = typeof body.data_id === 'string' ? this.store.get(form.entryId, body.data_id) : undefined;
        return row ? { json: { data: row } } : platformError(400, CODES.dataNotFound, '数据不存在');
      }),
      'data/create': (body) => this.withForm(body, (form) => this.once(body, () => {
        const checked = this.store.values(form, body.data);
        if ('refusal' in checked) return platformError(400, checked.refusal.code, checked.refusal.msg);
        return { json: { data: this.store.create(form, checked.values) } };
      })),
      'data/batch_create': (body) => this.withForm(body, (form) => this.once(body, () => this.batchCreate(form, body))),
      'data/update': (body) => this.withForm(body, (form) => {
        const checked = this.store.values(form, body.data);
        if ('refusal' in checked) return platformError(400, checked.refusal.code, checked.refusal.msg);
        const row = typeof body.data_id === 'string' ? this.store.update(form, body.data_id, checked.values) : undefined;
        return row ? { json: { data: row } } : platformError(400, CODES.dataNotFound, '数据不存在');
      }),
      'data/delete': (body) => this.withForm(body, (form) => {
        const gone = typeof body.data_id === 'string' && this.store.delete(form.entryId, body.data_id);
        return gone ? { json: { status: 'success' } } : platformError(400, CODES.dataNotFound, '数据不存在');
      }),
      // UNCONFIRMED: batch delete `{ data_ids: [≤100] }` answering `{ status, success_count }`.
      'data/batch_delete': (body) => this.withForm(body, (form) => {
        const ids = body.data_ids;
        if (!Array.isArray(ids) || ids.length === 0 || ids.length > this.settings.maxBatch) return platformError(400, CODES.batchTooLarge, `data_ids 需为 1 到 ${this.settings.maxBatch} 个数据 ID`);
        const count = ids.filter((id) => typeof id === 'string' && this.store.delete(form.entryId, id)).length;
        return { json: { status: 'success', success_count: count } };
      }),
    };
  }

  private withForm(body: Body, handle: (form: FormDefinition) => EmulatorResponse): EmulatorResponse {
    if (typeof body.app_id !== 'string' || typeof body.entry_id !== 'string') return platformError(400, CODES.invalidRequest, '缺少 app_id 或 entry_id');
    const form = this.store.form(body.app_id, body.entry_id);
    return form ? handle(form) : platformError(400, CODES.formNotFound, '表单不存在');
  }

  /** A call carrying a transaction_id seen before (and not expired) gets its first answer again, and changes nothing. */
  private once(body: Body, handle: () => EmulatorResponse): EmulatorResponse {
    const id = body.transaction_id;
    if (id === undefined) return handle();
    if (typeof id !== 'string' || !UUID.test(id)) return platformError(400, CODES.invalidRequest, 'transaction_id 需为 UUID');
    const seen = this.transactions.get(id);
    if (seen && this.now() - seen.at < this.settings.transactionTtlMs) return { ...seen.response, fault: 'transaction-replayed' };
    const response = handle();
    // Only a call that wrote is remembered: a refused one may be corrected and sent again.
    if ((response.status ?? 200) === 200) this.transactions.set(id, { at: this.now(), response });
    return response;
  }

  /**
   * Creates up to maxBatch records. A record whose value does not fit its widget refuses the
   * whole call, naming the record's index and the widget (UNCONFIRMED: the API's answer to a
   * partly bad batch is not documented). Answer `{ status, success_count, success_ids }` in
   * data_list order (UNCONFIRMED shape).
   */
  private batchCreate(form: FormDefinition, body: Body): EmulatorResponse {
    const list = body.data_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > this.settings.maxBatch) {
      return platformError(400, CODES.batchTooLarge, `data_list 需为 1 到 ${this.settings.maxBatch} 条数据`);
    }
    const checked: Record<string, unknown>[] = [];
    for (const [index, data] of list.entries()) {
      const one = this.store.values(form, data);
      if ('refusal' in one) return platformError(400, one.refusal.code, `第 ${index + 1} 条数据: ${one.refusal.msg}`);
      checked.push(one.values);
    }
    const ids = checked.map((values) => this.store.create(form, values)._id);
    return { json: { status: 'success', success_count: ids.length, success_ids: ids } };
  }

  private list(form: FormDefinition, body: Body): EmulatorResponse {
    const limit = body.limit === undefined ? 10 : body.limit;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) return platformError(400, CODES.invalidRequest, 'limit 需为 1 到 100');
    const filter = body.filter as { rel?: string; cond?: Condition[] } | undefined;
    for (const cond of filter?.cond ?? []) {
      if ((cond.method === 'in' || cond.method === 'nin') && (cond.value?.length ?? 0) > this.settings.maxFilterValues) {
        return platformError(400, CODES.invalidRequest, `in/nin 最多 ${this.settings.maxFilterValues} 个值`);
      }
    }
    const fields = Array.isArray(body.fields) ? (body.fields as string[]) : undefined;
    const dataId = typeof body.data_id === 'string' && body.data_id !== '' ? body.data_id : undefined;
    return { json: { data: this.store.list(form, { dataId, limit, filter, fields }) } };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SYS_WIDGETS = [
  { name: 'creator', label: '提交人', type: 'user' },
  { name: 'updater', label: '修改人', type: 'user' },
  { name: 'createTime', label: '提交时间', type: 'datetime' },
  { name: 'updateTime', label: '更新时间', type: 'datetime' },
];

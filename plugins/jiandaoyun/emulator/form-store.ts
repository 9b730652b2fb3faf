import { CODES } from './error-codes.js';
import type { FormDefinition, WidgetDefinition } from './seed-forms.js';
import { checkValue } from './value-check.js';

/** A record as the emulated platform holds it: system fields plus one plain value per widget. */
export interface StoredRow {
  _id: string;
  appId: string;
  entryId: string;
  createTime: string;
  updateTime: string;
  creator: { name: string; username: string };
  [widget: string]: unknown;
}

/** A refusal: the platform's code and message. */
export interface Refusal {
  code: number;
  msg: string;
}

/** One filter condition of `data/list` (OFFICIAL 14220). */
export interface Condition {
  field: string;
  type?: string;
  method: string;
  value?: unknown[];
}

/**
 * The records of every form, in `_id` order (ids grow, so ascending id is creation order, as the
 * platform sorts `data/list`). Values are checked against their widget's type; a refused record
 * names the widget id and its label.
 */
export class FormStore {
  readonly forms = new Map<string, FormDefinition>();
  private readonly rows = new Map<string, Map<string, StoredRow>>();
  private counter = 0;

  constructor(
    forms: FormDefinition[],
    private readonly now: () => number,
    private readonly idPrefix: string,
  ) {
    for (const form of forms) {
      this.forms.set(form.entryId, form);
      this.rows.set(form.entryId, new Map());
    }
  }

  form(appId: unknown, entryId: unknown): FormDefinition | undefined {
    const form = typeof entryId === 'string' ? this.forms.get(entryId) : undefined;
    return form && form.appId === appId ? form : undefined;
  }

  all(entryId: string): StoredRow[] {
    return [...(this.rows.get(entryId)?.values() ?? [])];
  }

  get(entryId: string, id: string): StoredRow | undefined {
    return this.rows.get(entryId)?.get(id);
  }

  exists = (entryId: string, id: string): boolean => this.rows.get(entryId)?.has(id) ?? false;

  /** Checks a create/update payload `{ _widget_x: { value } }`; answers the plain values to store, or the refusal. */
  values(form: FormDefinition, data: unknown): { values: Record<string, unknown> } | { refusal: Refusal } {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { refusal: { code: CODES.invalidRequest, msg: 'data 必须是对象' } };
    const values: Record<string, unknown> = {};
    for (const [name, cell] of Object.entries(data as Record<string, unknown>)) {
      const widget = form.widgets.find((w) => w.name === name);
      if (!widget) return { refusal: { code: CODES.unknownWidget, msg: `字段 ${name} 不存在` } };
      if (cell === null || typeof cell !== 'object' || !('value' in cell)) {
        return { refusal: invalid(widget, '字段值需写成 {"value": ...}') };
      }
      const checked = checkValue(widget, (cell as { value: unknown }).value, this.exists);
      if ('problem' in checked) return { refusal: invalid(widget, checked.problem) };
      values[name] = checked.stored;
    }
    return { values };
  }

  create(form: FormDefinition, values: Record<string, unknown>): StoredRow {
    const at = new Date(this.now()).toISOString();
    const row: StoredRow = { _id: this.nextId(), appId: form.appId, entryId: form.entryId, createTime: at, updateTime: at, creator: { name: 'API', username: 'api' } };
    for (const widget of form.widgets) row[widget.name] = values[widget.name] ?? null;
    this.rows.get(form.entryId)!.set(row._id, row);
    return row;
  }

  update(form: FormDefinition, id: string, values: Record<string, unknown>): StoredRow | undefined {
    const row = this.get(form.entryId, id);
    if (!row) return undefined;
    Object.assign(row, values, { updateTime: new Date(this.now()).toISOString() });
    return row;
  }

  delete(entryId: string, id: string): boolean {
    return this.rows.get(entryId)?.delete(id) ?? false;
  }

  /** `data/list`: rows after `dataId`, matching the filter, ascending by `_id`, at most `limit`. */
  list(form: FormDefinition, options: { dataId?: string; limit: number; filter?: { rel?: string; cond?: Condition[] }; fields?: string[] }): StoredRow[] {
    const conds = options.filter?.cond ?? [];
    const any = options.filter?.rel === 'or';
    const out: StoredRow[] = [];
    for (const row of this.all(form.entryId)) {
      if (options.dataId && row._id <= options.dataId) continue;
      if (conds.length > 0) {
        const hits = conds.map((c) => matches(row[c.field], c));
        if (any ? !hits.some(Boolean) : !hits.every(Boolean)) continue;
      }
      out.push(project(row, options.fields));
      if (out.length >= options.limit) break;
    }
    return out;
  }

  /** How many records of a form hold this value in this widget: more than one is a duplicate. */
  count(entryId: string, widget: string, value: string): number {
    return this.all(entryId).filter((row) => row[widget] === value).length;
  }

  /** 24 hex digits, growing, like the platform's ids; sorted as text they sort by creation. */
  private nextId(): string {
    this.counter++;
    return `${this.idPrefix}${this.counter.toString(16).padStart(24 - this.idPrefix.length, '0')}`;
  }
}

function invalid(widget: WidgetDefinition, problem: string): Refusal {
  return { code: CODES.invalidValue, msg: `字段 ${widget.name}(${widget.label}) 的值不合法: ${problem}` };
}

function matches(value: unknown, cond: Condition): boolean {
  const wanted = cond.value ?? [];
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  switch (cond.method) {
    case 'eq':
      return value === wanted[0];
    case 'ne':
      return value !== wanted[0];
    case 'in':
      return wanted.includes(value);
    case 'nin':
      return !wanted.includes(value);
    case 'empty':
      return empty;
    case 'not_empty':
      return !empty;
    case 'like':
      return typeof value === 'string' && typeof wanted[0] === 'string' && value.includes(wanted[0]);
    case 'gt':
      return compare(value, wanted[0]) > 0;
    case 'lt':
      return compare(value, wanted[0]) < 0;
    case 'range':
      return (wanted[0] === null || wanted[0] === undefined || compare(value, wanted[0]) >= 0) && (wanted[1] === null || wanted[1] === undefined || compare(value, wanted[1]) <= 0);
    default:
      return false;
  }
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/** With `fields`, only those widgets (and the system fields) come back. */
function project(row: StoredRow, fields: string[] | undefined): StoredRow {
  if (!fields || fields.length === 0) return structuredClone(row);
  const out: Record<string, unknown> = { _id: row._id, appId: row.appId, entryId: row.entryId, createTime: row.createTime, updateTime: row.updateTime, creator: row.creator };
  for (const field of fields) if (field in row) out[field] = row[field];
  return structuredClone(out) as StoredRow;
}

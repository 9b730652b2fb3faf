import type { KingdeeEmulatorSettings } from './emulator-settings.js';
import { MsgCode, type EmulatedError, type EmulatedSuccess } from './envelope.js';
import { canonical, CUSTOMER_FORM, FORMS, parseValue, SALES_ORDER_FORM, type FieldDef, type FormDef } from './kingdee-forms.js';

/** One record of a form as the emulated site holds it. */
export interface StoredBill {
  id: number;
  number: string;
  /** FDocumentStatus: A created, B submitted, C audited. */
  status: 'A' | 'B' | 'C';
  /** Header values by canonical key: text as text, refs as their number (null when empty), dates as yyyy-MM-ddTHH:mm:ss. */
  fields: Record<string, unknown>;
  entries: { FEntryID: number; fields: Record<string, unknown> }[];
  createdAt: number;
  modifiedAt: number;
}

/** BatchSave's options that change what a save does. */
export interface SaveFlags {
  needUpdateFields: string[];
  isDeleteEntry: boolean;
}

/** What a BatchSave did: per record, by DIndex. */
export interface SaveResult {
  errors: EmulatedError[];
  successes: EmulatedSuccess[];
}

/**
 * The emulated site's data: BD_Customer and SAL_SaleOrder records by internal id, with Kingdee's
 * rules for a save: PK 0 creates, an existing PK updates (only NeedUpDateFields when given; entries
 * missing from the payload deleted when IsDeleteEntry), a number used twice refused as a
 * uniqueness violation, required fields, lengths, the customer of an order looked up by number,
 * an audited bill neither modified nor deleted.
 */
export class KingdeeStore {
  readonly forms = new Map<string, Map<number, StoredBill>>(FORMS.map((f) => [f.formId, new Map()]));
  private nextId = 100_001;
  private nextEntryId = 200_001;
  private billSeq = 1;

  constructor(
    private readonly settings: KingdeeEmulatorSettings,
    private readonly now: () => number,
  ) {}

  bills(form: FormDef): StoredBill[] {
    return [...this.forms.get(form.formId)!.values()];
  }

  byNumber(form: FormDef, number: string): StoredBill | undefined {
    return this.bills(form).find((b) => b.number === number);
  }

  /** How many records of a form hold this number: more than one would be a duplicate. */
  countByNumber(formId: string, number: string): number {
    const form = FORMS.find((f) => f.formId === formId)!;
    return this.bills(form).filter((b) => b.number === number).length;
  }

  /** Everything held, as plain data. */
  dump(): Record<string, StoredBill[]> {
    return Object.fromEntries([...this.forms].map(([formId, bills]) => [formId, structuredClone([...bills.values()])]));
  }

  /** Saves each Model (BatchSave, or Save with one); `atomic` saves none when one is refused. */
  save(form: FormDef, models: unknown[], flags: SaveFlags, atomic: boolean): SaveResult {
    const errors: EmulatedError[] = [];
    const prepared: { index: number; bill: StoredBill; create: boolean }[] = [];
    const claimed = new Map<string, number>();
    models.forEach((model, index) => {
      const outcome = this.prepare(form, model, index, flags, claimed);
      if ('errors' in outcome) errors.push(...outcome.errors);
      else {
        prepared.push({ index, ...outcome });
        claimed.set(outcome.bill.number, index);
      }
    });
    if (atomic && errors.length > 0) return { errors, successes: [] };
    const bills = this.forms.get(form.formId)!;
    const successes = prepared.map(({ index, bill }) => {
      bills.set(bill.id, bill);
      return { Id: bill.id, Number: bill.number, DIndex: index };
    });
    return { errors, successes };
  }

  /** Deletes by number; an audited bill or a number not held is refused by itself. */
  delete(form: FormDef, numbers: string[]): SaveResult {
    const errors: EmulatedError[] = [];
    const successes: EmulatedSuccess[] = [];
    numbers.forEach((number, index) => {
      const bill = this.byNumber(form, number);
      if (!bill) errors.push({ FieldName: '', Message: `${form.label}“${number}”不存在或已被删除`, DIndex: index });
      else if (bill.status === 'C') errors.push({ FieldName: 'FDocumentStatus', Message: `${form.label}“${number}”已审核，不允许删除`, DIndex: index });
      else {
        this.forms.get(form.formId)!.delete(bill.id);
        successes.push({ Id: bill.id, Number: number, DIndex: index });
      }
    });
    return { errors, successes };
  }

  /** Audit (Submit and Audit in one, for tests): the bill becomes FDocumentStatus C. */
  audit(form: FormDef, numbers: string[]): SaveResult {
    const errors: EmulatedError[] = [];
    const successes: EmulatedSuccess[] = [];
    numbers.forEach((number, index) => {
      const bill = this.byNumber(form, number);
      if (!bill) errors.push({ FieldName: '', Message: `${form.label}“${number}”不存在`, DIndex: index });
      else {
        bill.status = 'C';
        successes.push({ Id: bill.id, Number: number, DIndex: index });
      }
    });
    return { errors, successes };
  }

  private prepare(form: FormDef, raw: unknown, index: number, flags: SaveFlags, claimed: Map<string, number>): { bill: StoredBill; create: boolean } | { errors: EmulatedError[] } {
    const fail = (FieldName: string, Message: string) => ({ errors: [{ FieldName, Message, DIndex: index }] });
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail('Model', 'Model 必须是对象');
    const model = raw as Record<string, unknown>;
    const idKey = Object.keys(model).find((k) => k.toLowerCase() === form.idField.toLowerCase());
    const idValue = idKey === undefined ? 0 : Number(model[idKey] ?? 0);
    const create = !Number.isFinite(idValue) || idValue === 0;
    const existing = create ? undefined : this.forms.get(form.formId)!.get(idValue);
    if (!create && !existing) return fail(form.idField, `${form.label}内码 ${idValue} 对应的数据不存在`);
    if (existing?.status === 'C') return fail('FDocumentStatus', `${form.label}“${existing.number}”已审核，不允许修改`);

    const at = this.now();
    const bill: StoredBill = existing
      ? { ...existing, fields: { ...existing.fields }, entries: existing.entries.map((e) => ({ ...e, fields: { ...e.fields } })), modifiedAt: at }
      : { id: 0, number: '', status: 'A', fields: {}, entries: [], createdAt: at, modifiedAt: at };
    const only = !create && flags.needUpdateFields.length > 0 ? new Set(flags.needUpdateFields.map((f) => f.toLowerCase())) : undefined;
    const errors: EmulatedError[] = [];

    const setFields = (source: Record<string, unknown>, defs: Record<string, FieldDef>, target: Record<string, unknown>, skip: Set<string>) => {
      for (const [key, value] of Object.entries(source)) {
        const lower = key.toLowerCase();
        if (skip.has(lower)) continue;
        const field = canonical(defs, key);
        if (!field) {
          errors.push({ FieldName: key, Message: `元数据中标识为${key}的字段不存在`, DIndex: index });
          continue;
        }
        if (only && !only.has(lower)) continue;
        const parsed = parseValue(defs[field]!, value);
        if ('refused' in parsed) errors.push({ FieldName: field, Message: `字段“${defs[field]!.label}”${parsed.refused}`, DIndex: index });
        else target[field] = parsed.value;
      }
    };

    const skip = new Set([form.idField.toLowerCase(), ...(form.entry ? [form.entry.key.toLowerCase()] : []), ...form.subObjects.map((s) => s.toLowerCase())]);
    setFields(model, form.fields, bill.fields, skip);
    for (const sub of form.subObjects) {
      const key = Object.keys(model).find((k) => k.toLowerCase() === sub.toLowerCase());
      const value = key === undefined ? undefined : model[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) setFields(value as Record<string, unknown>, form.fields, bill.fields, new Set());
    }
    if (form.entry) this.setEntries(form, model, bill, only, flags, errors, index);

    bill.number = String(bill.fields[form.numberField] ?? '');
    if (bill.number === '' && form.autoNumber && create) {
      bill.number = `XSDD${String(this.billSeq++).padStart(6, '0')}`;
      bill.fields[form.numberField] = bill.number;
    }
    errors.push(...this.validate(form, bill, index));
    const holder = this.byNumber(form, bill.number);
    if (bill.number !== '' && ((holder && holder.id !== bill.id) || claimed.has(bill.number))) {
      errors.push({ FieldName: form.numberField, Message: `${form.label}编码“${bill.number}”已经被使用，违反唯一性约束`, DIndex: index });
    }
    if (errors.length > 0) return { errors };
    if (create) bill.id = this.nextId++;
    for (const entry of bill.entries) if (entry.FEntryID === 0) entry.FEntryID = this.nextEntryId++;
    return { bill, create };
  }

  private setEntries(form: FormDef, model: Record<string, unknown>, bill: StoredBill, only: Set<string> | undefined, flags: SaveFlags, errors: EmulatedError[], index: number): void {
    const entryDef = form.entry!;
    const key = Object.keys(model).find((k) => k.toLowerCase() === entryDef.key.toLowerCase());
    if (key === undefined || (only && !only.has(entryDef.key.toLowerCase()))) return;
    const rows = model[key];
    if (!Array.isArray(rows)) {
      errors.push({ FieldName: entryDef.key, Message: `${entryDef.label}必须是数组`, DIndex: index });
      return;
    }
    const kept: StoredBill['entries'] = [];
    for (const row of rows) {
      if (row === null || typeof row !== 'object') continue;
      const values = row as Record<string, unknown>;
      const idKey = Object.keys(values).find((k) => k.toLowerCase() === 'fentryid');
      const entryId = idKey === undefined ? 0 : Number(values[idKey] ?? 0);
      const old = entryId ? bill.entries.find((e) => e.FEntryID === entryId) : undefined;
      const entry = old ? { FEntryID: old.FEntryID, fields: { ...old.fields } } : { FEntryID: 0, fields: {} };
      for (const [field, value] of Object.entries(values)) {
        if (field.toLowerCase() === 'fentryid') continue;
        const name = canonical(entryDef.fields, field);
        if (!name) {
          errors.push({ FieldName: field, Message: `元数据中标识为${field}的字段不存在`, DIndex: index });
          continue;
        }
        if (only && old && !only.has(field.toLowerCase())) continue;
        const parsed = parseValue(entryDef.fields[name]!, value);
        if ('refused' in parsed) errors.push({ FieldName: name, Message: `字段“${entryDef.fields[name]!.label}”${parsed.refused}`, DIndex: index });
        else entry.fields[name] = parsed.value;
      }
      kept.push(entry);
    }
    // IsDeleteEntry (default true): rows Kingdee held that the payload leaves out are deleted.
    const untouched = flags.isDeleteEntry ? [] : bill.entries.filter((e) => !kept.some((k) => k.FEntryID === e.FEntryID && e.FEntryID !== 0));
    bill.entries = [...untouched, ...kept];
  }

  private validate(form: FormDef, bill: StoredBill, index: number): EmulatedError[] {
    const errors: EmulatedError[] = [];
    const check = (defs: Record<string, FieldDef>, values: Record<string, unknown>, where: string) => {
      for (const [name, def] of Object.entries(defs)) {
        const value = values[name];
        const empty = value === undefined || value === null || value === '';
        if (def.required && empty && !(name === form.numberField && form.autoNumber)) {
          errors.push({ FieldName: name, Message: `${where}字段“${def.label}”是必填项`, DIndex: index });
        } else if (def.kind === 'text' && typeof value === 'string') {
          const max = def.max === 'name' ? this.settings.nameMaxLength : def.max === 'number' ? this.settings.numberMaxLength : def.max;
          if (max !== undefined && value.length > max) errors.push({ FieldName: name, Message: `${where}字段“${def.label}”的长度 ${value.length} 超过了最大长度 ${max}`, DIndex: index });
        } else if (def.kind === 'number' && def.required && typeof value === 'number' && value <= 0) {
          errors.push({ FieldName: name, Message: `${where}字段“${def.label}”必须大于 0`, DIndex: index });
        }
      }
    };
    check(form.fields, bill.fields, '');
    if (form.entry) {
      if (bill.entries.length === 0) errors.push({ FieldName: form.entry.key, Message: `${form.entry.label}至少需要一行`, DIndex: index });
      bill.entries.forEach((entry, row) => check(form.entry!.fields, entry.fields, `${form.entry!.label}第${row + 1}行`));
    }
    // NumberSearch: the customer of an order is looked up by its number in BD_Customer.
    if (form === SALES_ORDER_FORM) {
      const customer = bill.fields.FCustId;
      if (typeof customer === 'string' && !this.byNumber(CUSTOMER_FORM, customer)) {
        errors.push({ FieldName: 'FCustId', Message: `字段“客户”的值“${customer}”在基础资料中不存在`, DIndex: index });
      }
    }
    return errors;
  }
}

export { MsgCode };

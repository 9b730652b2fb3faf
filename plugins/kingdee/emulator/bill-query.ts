import { canonical, type FormDef } from './kingdee-forms.js';
import type { StoredBill } from './kingdee-store.js';

/** ExecuteBillQuery's data, as the docs list it. */
export interface QueryData {
  FormId?: unknown;
  FieldKeys?: unknown;
  FilterString?: unknown;
  OrderString?: unknown;
  TopRowCount?: unknown;
  StartRow?: unknown;
  Limit?: unknown;
}

/** A field key the form does not have: Kingdee's 元数据中标识为X的字段不存在. */
export class UnknownField extends Error {
  constructor(readonly field: string) {
    super(`元数据中标识为${field}的字段不存在`);
  }
}

type Row = { bill: StoredBill; entry: StoredBill['entries'][number] | undefined };
type Resolver = (row: Row) => unknown;

/**
 * Answers an ExecuteBillQuery: the rows of FieldKeys (a bill per row, or an entry line per row when
 * a key names an entry field), filtered by FilterString (the SQL-like text: `F in ('a','b')`,
 * `F = 'a'`, `F <> 'a'`, `F like 'a%'`, joined by AND), sorted by OrderString, then StartRow and
 * Limit (capped by maxRows). Values: text as text, refs' `.FNumber` as the number (null when
 * empty), dates as yyyy-MM-ddTHH:mm:ss, ids and quantities as numbers.
 */
export function billQuery(form: FormDef, bills: StoredBill[], data: QueryData, maxRows: number): unknown[][] {
  const keys = String(data.FieldKeys ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length === 0) throw new UnknownField('FieldKeys');
  const resolvers = keys.map((k) => resolver(form, k));
  const perEntry = keys.some((k) => isEntryKey(form, k));
  const clauses = parseFilter(String(data.FilterString ?? ''));
  const filters = clauses.map((c) => ({ ...c, resolve: resolver(form, c.field) }));
  const orders = String(data.OrderString ?? '')
    .split(',')
    .map((part) => part.trim().split(/\s+/))
    .filter(([field]) => field !== undefined && field !== '')
    .map(([field, direction]) => ({ resolve: resolver(form, field!), desc: /^desc$/i.test(direction ?? '') }));

  let rows: Row[] = bills.flatMap((bill): Row[] => (perEntry ? bill.entries.map((entry) => ({ bill, entry })) : [{ bill, entry: undefined }]));
  rows = rows.filter((row) => filters.every((f) => f.test(f.resolve(row))));
  if (orders.length > 0) {
    rows.sort((a, b) => {
      for (const o of orders) {
        const x = o.resolve(a) as string | number;
        const y = o.resolve(b) as string | number;
        if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1);
      }
      return 0;
    });
  }
  const start = Math.max(0, Number(data.StartRow ?? 0) || 0);
  const top = Number(data.TopRowCount ?? 0) || 0;
  const limit = Math.min(maxRows, Number(data.Limit ?? 0) || maxRows, top > 0 ? top : maxRows);
  return rows.slice(start, start + limit).map((row) => resolvers.map((r) => r(row)));
}

function isEntryKey(form: FormDef, key: string): boolean {
  if (!form.entry) return false;
  const base = key.split('.')[0]!;
  return base.toLowerCase() === `${form.entry.key}_fentryid`.toLowerCase() || base.toLowerCase() === 'fentryid' || canonical(form.entry.fields, base) !== undefined;
}

/** How to read one field key (`FName`, `FGroup.FNumber`, `FSaleOrderEntry_FEntryID`) from a row. */
function resolver(form: FormDef, key: string): Resolver {
  const [base = '', sub] = key.split('.');
  const lower = base.toLowerCase();
  if (lower === form.idField.toLowerCase()) return ({ bill }) => bill.id;
  if (lower === 'fdocumentstatus') return ({ bill }) => bill.status;
  if (form.entry && (lower === `${form.entry.key}_fentryid`.toLowerCase() || lower === 'fentryid')) return ({ entry }) => entry?.FEntryID ?? 0;
  const header = canonical(form.fields, base);
  if (header) return fieldReader(form.fields[header]!.kind, sub, key, ({ bill }) => bill.fields[header]);
  const line = form.entry ? canonical(form.entry.fields, base) : undefined;
  if (line) return fieldReader(form.entry!.fields[line]!.kind, sub, key, ({ entry }) => entry?.fields[line]);
  throw new UnknownField(key);
}

function fieldReader(kind: string, sub: string | undefined, key: string, read: Resolver): Resolver {
  if (kind === 'ref') {
    if (sub === undefined) return (row) => (read(row) ? numericId(String(read(row))) : 0);
    if (sub.toLowerCase() !== 'fnumber' && sub.toLowerCase() !== 'fname') throw new UnknownField(key);
    return (row) => read(row) ?? null;
  }
  if (sub !== undefined) throw new UnknownField(key);
  if (kind === 'text') return (row) => read(row) ?? '';
  if (kind === 'number') return (row) => read(row) ?? 0;
  return (row) => read(row) ?? null;
}

/** A ref field without .FNumber answers the base data's internal id: a stable stand-in here. */
function numericId(number: string): number {
  let h = 7;
  for (const c of number) h = (h * 31 + c.charCodeAt(0)) % 1_000_000;
  return 100_000 + h;
}

interface Clause {
  field: string;
  test(value: unknown): boolean;
}

/** Parses FilterString's clauses; throws on anything else, as Kingdee's SQL would fail. */
export function parseFilter(filter: string): Clause[] {
  const clauses: Clause[] = [];
  let rest = filter.trim();
  while (rest !== '') {
    const head = /^([A-Za-z_][\w.]*)\s*(in|=|<>|!=|like)\s*/i.exec(rest);
    if (!head) throw new Error(`FilterString 语法错误: ${filter}`);
    const field = head[1]!;
    const op = head[2]!.toLowerCase();
    rest = rest.slice(head[0].length);
    if (op === 'in') {
      const list = /^\(\s*((?:'(?:[^']|'')*'|[\d.-]+)(?:\s*,\s*(?:'(?:[^']|'')*'|[\d.-]+))*)\s*\)/.exec(rest);
      if (!list) throw new Error(`FilterString 语法错误: ${filter}`);
      const values = [...list[1]!.matchAll(/'((?:[^']|'')*)'|([\d.-]+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2]!));
      clauses.push({ field, test: (v) => values.includes(String(v ?? '')) });
      rest = rest.slice(list[0].length);
    } else {
      const value = /^(?:'((?:[^']|'')*)'|([\d.-]+))/.exec(rest);
      if (!value) throw new Error(`FilterString 语法错误: ${filter}`);
      const literal = value[1] !== undefined ? value[1].replace(/''/g, "'") : value[2]!;
      const pattern = new RegExp(`^${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
      clauses.push({
        field,
        test: op === 'like' ? (v) => pattern.test(String(v ?? '')) : op === '=' ? (v) => String(v ?? '') === literal : (v) => String(v ?? '') !== literal,
      });
      rest = rest.slice(value[0].length);
    }
    rest = rest.trim();
    const and = /^and\s+/i.exec(rest);
    if (and) rest = rest.slice(and[0].length);
    else if (rest !== '') throw new Error(`FilterString 语法错误: ${filter}`);
  }
  return clauses;
}

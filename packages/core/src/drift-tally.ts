import type { DriftFinding } from './contract-drift.js';

/** The contract drift a run saw, per stream, as the run's stage details store it. */
export interface DriftReport {
  /** Undeclared fields, with how many records had them and an example record key. */
  fields: { stream: string; path: string; count: number; example?: string }[];
  /** Values outside a declared enum, with how many records had them. */
  values: { stream: string; path: string; value: unknown; count: number }[];
  /** Per stream, the findings past the cap of distinct fields and values: counted, not named. */
  others?: { stream: string; fields: number; values: number }[];
}

interface StreamTally {
  fields: Map<string, { path: string; count: number; example?: string }>;
  values: Map<string, { path: string; value: unknown; count: number }>;
  otherFields: number;
  otherValues: number;
}

/**
 * Counts drift findings per stream over a run. It names at most `limit` (20) distinct fields and
 * as many distinct values per stream and only counts the rest, so a platform that starts sending
 * a new key per product cannot bloat the report.
 *
 * @example
 * const tally = new DriftTally();
 * const findings = detector.check(record);
 * if (findings) tally.add('shop.orders', findings, key);
 * if (tally.total > 0) logger.warn(`contract drift: ${describeDrift(tally.toJSON())}`);
 */
export class DriftTally {
  private readonly streams = new Map<string, StreamTally>();
  private count = 0;

  constructor(private readonly limit = 20) {}

  /** All findings counted, named or not. */
  get total(): number {
    return this.count;
  }

  /** Counts one record's findings; `example` is the record's key, kept for the first record with each field. */
  add(stream: string, findings: readonly DriftFinding[], example?: string): void {
    for (const f of findings) {
      if (f.kind === 'field') this.addField(stream, f.path, 1, example);
      else this.addValue(stream, f.path, f.value, 1);
    }
  }

  /** Adds another tally (a parallel stage's, or a stored report) into this one. */
  merge(other: DriftTally | DriftReport): void {
    const report = other instanceof DriftTally ? other.toJSON() : other;
    for (const f of report.fields) this.addField(f.stream, f.path, f.count, f.example);
    for (const v of report.values) this.addValue(v.stream, v.path, v.value, v.count);
    for (const o of report.others ?? []) {
      const t = this.stream(o.stream);
      t.otherFields += o.fields;
      t.otherValues += o.values;
      this.count += o.fields + o.values;
    }
  }

  /** The report, most frequent first. */
  toJSON(): DriftReport {
    const report: DriftReport = { fields: [], values: [] };
    const others: NonNullable<DriftReport['others']> = [];
    for (const [stream, t] of this.streams) {
      for (const f of t.fields.values()) report.fields.push({ stream, ...f });
      for (const v of t.values.values()) report.values.push({ stream, ...v });
      if (t.otherFields + t.otherValues > 0) others.push({ stream, fields: t.otherFields, values: t.otherValues });
    }
    report.fields.sort(byCount);
    report.values.sort(byCount);
    if (others.length > 0) report.others = others;
    return report;
  }

  private addField(stream: string, path: string, count: number, example?: string): void {
    this.count += count;
    const t = this.stream(stream);
    const known = t.fields.get(path);
    if (known !== undefined) {
      known.count += count;
      known.example ??= example;
    } else if (t.fields.size < this.limit) {
      t.fields.set(path, example === undefined ? { path, count } : { path, count, example });
    } else {
      t.otherFields += count;
    }
  }

  private addValue(stream: string, path: string, value: unknown, count: number): void {
    this.count += count;
    const t = this.stream(stream);
    const shown = clipped(value);
    const id = `${path}\u0000${JSON.stringify(shown)}`;
    const known = t.values.get(id);
    if (known !== undefined) known.count += count;
    else if (t.values.size < this.limit) t.values.set(id, { path, value: shown, count });
    else t.otherValues += count;
  }

  private stream(stream: string): StreamTally {
    let t = this.streams.get(stream);
    if (t === undefined) this.streams.set(stream, (t = { fields: new Map(), values: new Map(), otherFields: 0, otherValues: 0 }));
    return t;
  }
}

/** Long values are cut: the report is for people, and a status is short. */
const MAX_VALUE_LENGTH = 100;

function clipped(value: unknown): unknown {
  const text = typeof value === 'string' ? value : value !== null && typeof value === 'object' ? JSON.stringify(value) : undefined;
  if (text === undefined) return typeof value === 'bigint' ? String(value) : value;
  if (text.length <= MAX_VALUE_LENGTH) return value;
  return `${text.slice(0, MAX_VALUE_LENGTH)}…`;
}

function byCount(a: { stream: string; path: string; count: number }, b: { stream: string; path: string; count: number }): number {
  return b.count - a.count || a.stream.localeCompare(b.stream) || a.path.localeCompare(b.path);
}

/**
 * A drift report in one line for a log or the run summary: the `max` most frequent fields and
 * values, e.g. `2 unknown field(s): shop.orders note_attributes[].gift ×12, shop.orders po_number ×3;
 * 1 unknown value(s): shop.orders financial_status="on_hold" ×2`. A count ending in `+` means
 * more distinct ones than the report names.
 */
export function describeDrift(report: DriftReport, max = 3): string {
  const others = report.others ?? [];
  const parts: string[] = [];
  const otherFields = others.reduce((n, o) => n + o.fields, 0);
  const otherValues = others.reduce((n, o) => n + o.values, 0);
  if (report.fields.length > 0 || otherFields > 0) {
    const named = report.fields.map((f) => ({ count: f.count, text: `${f.stream} ${f.path} ×${f.count}` }));
    parts.push(`${report.fields.length}${otherFields > 0 ? '+' : ''} unknown field(s): ${listed(named, max, otherFields)}`);
  }
  if (report.values.length > 0 || otherValues > 0) {
    const named = report.values.map((v) => ({ count: v.count, text: `${v.stream} ${v.path}=${JSON.stringify(v.value)} ×${v.count}` }));
    parts.push(`${report.values.length}${otherValues > 0 ? '+' : ''} unknown value(s): ${listed(named, max, otherValues)}`);
  }
  return parts.length > 0 ? parts.join('; ') : 'no contract drift';
}

function listed(items: { count: number; text: string }[], max: number, others: number): string {
  const top = [...items].sort((a, b) => b.count - a.count).slice(0, max).map((i) => i.text);
  if (items.length > max) top.push(`${items.length - max} more`);
  if (others > 0) top.push(`others ×${others}`);
  return top.join(', ');
}

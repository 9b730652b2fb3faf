import type { FieldMap } from '@datong/schemas';
import { RecordError, type DataRecord } from '@datong/sdk';
import { toDecimal, toTimestamp, toDate } from './value-conversions.js';

/** Turns a source record into a target record; throws `RecordError` for a record it cannot map. */
export type RecordMapper = (record: DataRecord) => DataRecord;

/**
 * Compiles a stage's `map:` into a function, once per stage. Each target field comes from a
 * source path, a constant, a value map (every source value must be listed: an unlisted one is a
 * record error naming the value and where the map is), ordered `cases`, or a per-element `each`.
 *
 * @example
 *   const map = compileMap({ order_id: 'order_no', total: { from: 'payment', type: 'decimal' } }, { timezone: '+08:00', where: () => '' });
 */
export function compileMap(
  spec: Record<string, FieldMap>,
  options: { timezone: string; where: (field: string) => string },
): RecordMapper {
  const fields = Object.entries(spec).map(([target, rule]) => compileField(target, rule, options));
  return (record) => {
    const out: DataRecord = {};
    for (const [target, get] of fields) {
      const value = get(record);
      if (value !== undefined) out[target] = value;
    }
    return out;
  };
}

type Getter = (record: DataRecord) => unknown;

function compileField(target: string, rule: FieldMap, options: { timezone: string; where: (field: string) => string }): [string, Getter] {
  if (typeof rule === 'string') return [target, path(rule)];
  const read: Getter = 'const' in rule ? () => rule.const : rule.from !== undefined ? path(rule.from) : () => undefined;
  const source = rule.from ?? target;
  const steps: ((value: unknown, record: DataRecord) => unknown)[] = [];

  if (rule.cases) {
    const cases = rule.cases.map((c) => ({ test: matcher(c.when as Record<string, unknown>), then: c.then }));
    const hasElse = 'else' in rule;
    steps.push((value, record) => {
      for (const c of cases) if (c.test(record)) return c.then;
      if (hasElse) return rule.else;
      throw new RecordError(`field "${target}": no case matches this record and there is no else (${options.where(target)})`, { code: 'UNMAPPED_VALUE' });
    });
  }
  if (rule.values) {
    const table = new Map(Object.entries(rule.values));
    steps.push((value) => {
      if (isEmpty(value)) return value;
      const key = String(value);
      if (!table.has(key)) {
        throw new RecordError(`field "${target}": value ${JSON.stringify(key)} of "${source}" has no mapping (${options.where(target)})`, { code: 'UNMAPPED_VALUE' });
      }
      return table.get(key);
    });
  }
  if (rule.each) {
    const element = compileMap(rule.each, options);
    steps.push((value) => {
      if (isEmpty(value)) return value;
      if (!Array.isArray(value)) throw new RecordError(`field "${target}": "${source}" must be a list to map each element`, { code: 'TYPE_MISMATCH' });
      return value.map((v) => element(v as DataRecord));
    });
  }
  if (rule.type) {
    const convert = converter(rule.type, target, options.timezone);
    steps.push((value) => (isEmpty(value) ? value : convert(value)));
  }

  const hasDefault = 'default' in rule;
  return [target, (record) => {
    let value = read(record);
    for (const step of steps) value = step(value, record);
    if (isEmpty(value)) return hasDefault ? rule.default : undefined;
    return value;
  }];
}

function converter(type: string, target: string, timezone: string): (value: unknown) => unknown {
  const fail = (value: unknown, what: string) =>
    new RecordError(`field "${target}": ${JSON.stringify(value)} is not ${what}`, { code: 'TYPE_MISMATCH' });
  switch (type) {
    case 'string': return (v) => (typeof v === 'object' ? JSON.stringify(v) : String(v));
    case 'integer': return (v) => { const n = Number(v); if (!Number.isInteger(n)) throw fail(v, 'an integer'); return n; };
    case 'number': return (v) => { const n = Number(v); if (!Number.isFinite(n)) throw fail(v, 'a number'); return n; };
    case 'decimal': return (v) => toDecimal(v) ?? (() => { throw fail(v, 'a decimal amount'); })();
    case 'boolean': return (v) => {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['true', '1', 'yes', 'y', '是'].includes(s)) return true;
      if (['false', '0', 'no', 'n', '否'].includes(s)) return false;
      throw fail(v, 'a boolean');
    };
    case 'timestamp': return (v) => toTimestamp(v, timezone) ?? (() => { throw fail(v, 'a timestamp'); })();
    case 'date': return (v) => toDate(v) ?? (() => { throw fail(v, 'a date'); })();
    case 'json': return (v) => {
      if (typeof v !== 'string') return v;
      try { return JSON.parse(v); } catch { throw fail(v, 'JSON'); }
    };
    default: throw new Error(`unknown type ${type}`);
  }
}

function path(dotted: string): Getter {
  if (!dotted.includes('.')) return (r) => r[dotted];
  const parts = dotted.split('.');
  return (r) => {
    let v: unknown = r;
    for (const p of parts) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

function matcher(when: Record<string, unknown>): (record: DataRecord) => boolean {
  const tests = Object.entries(when).map(([field, expected]) => {
    const get = path(field);
    const allowed = new Set((Array.isArray(expected) ? expected : [expected]).map((x) => String(x)));
    return (r: DataRecord) => { const v = get(r); return v !== undefined && v !== null && allowed.has(String(v)); };
  });
  return (r) => tests.every((t) => t(r));
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

import { hash } from 'node:crypto';

/** How values compare: by default arrays in order. */
export interface CompareOptions {
  /** Arrays compare as multisets: tags `["a", "b"]` and `"b;a"` are the same. */
  unorderedArrays?: boolean;
}

/** One field whose value a sink holds differently; `before` undefined when the sink has none (a creation). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * Whether a sink holds the value datong means to write, forgiving how sinks respell values:
 *
 * - null, undefined, `""`, `[]` and `{}` are all "empty";
 * - numbers and numeric text compare as exact decimals: `12.5` and `"12.50"`, `1e3` and `"1000"`
 *   (text with a leading zero, like `"007"` or a zip code, stays text; long ids compare digit by digit);
 * - `true` and `"true"`, `false` and `"false"`;
 * - ISO date-times (and Dates) compare by the instant they name, to the millisecond: with or
 *   without milliseconds, `Z` or an offset; a date-time without an offset is read as UTC, never as
 *   the machine's zone, and a bare date as its UTC midnight;
 * - an array and a `;`-joined string (HubSpot's multi-select), a one-element array and its element;
 *   JSON text and the array or object it encodes;
 * - arrays element by element (as multisets with `unorderedArrays`), objects key by key with
 *   empty keys ignored.
 *
 * @example
 * sameValue(12.5, '12.50'); // true
 * sameValue('2025-01-02T08:00:00+08:00', '2025-01-02T00:00:00.000Z'); // true
 * sameValue(['vip', 'wholesale'], 'vip;wholesale'); // true
 */
export function sameValue(wanted: unknown, held: unknown, options: CompareOptions = {}): boolean {
  if (wanted === held) return true;
  const unordered = options.unorderedArrays === true;
  return canonical(wanted, unordered) === canonical(held, unordered);
}

/**
 * The fields datong would change in a sink: those of `wanted` (or `options.fields`, less
 * `options.ignore`) whose held value differs by `sameValue`. With `held` undefined the record is a
 * creation: every non-empty field, with `before` undefined. Fields only `held` has are not
 * compared: a CRM holds many fields datong does not own.
 */
export function fieldDiff(
  wanted: Record<string, unknown>,
  held: Record<string, unknown> | undefined,
  options: CompareOptions & { fields?: string[]; ignore?: string[] } = {},
): FieldChange[] {
  const changes: FieldChange[] = [];
  const unordered = options.unorderedArrays === true;
  for (const field of options.fields ?? Object.keys(wanted)) {
    if (options.ignore?.includes(field)) continue;
    const after = own(wanted, field);
    if (held === undefined) {
      if (canonical(after, unordered) !== EMPTY) changes.push({ field, before: undefined, after });
      continue;
    }
    const before = own(held, field);
    if (!sameValue(after, before, options)) changes.push({ field, before, after });
  }
  return changes;
}

/**
 * A short stable hash of a record's `fields`, normalized as `sameValue` compares them: records
 * that are `sameValue` field by field hash alike (a missing field and an empty one too), so a
 * stored hash can stand in for the record when reconciling. Field order does not matter.
 */
export function comparisonHash(record: Record<string, unknown>, fields: readonly string[], options: CompareOptions = {}): string {
  const unordered = options.unorderedArrays === true;
  const text = [...fields].sort().map((f) => `${JSON.stringify(f)}:${canonical(own(record, f), unordered)}`).join('\n');
  return hash('sha256', text, 'base64url').slice(0, 16);
}

/**
 * A diff as lines for the dry run and `reconcile`: `  email: "a@x.com" → "b@x.com"`, and
 * `  + phone: "+86 138…"` for a field the sink does not hold yet. Values are cut after
 * `maxValueLength` (60) characters.
 */
export function formatDiff(diff: readonly FieldChange[], options: { maxValueLength?: number } = {}): string[] {
  const max = options.maxValueLength ?? 60;
  return diff.map(({ field, before, after }) =>
    before === undefined ? `  + ${field}: ${shown(after, max)}` : `  ${field}: ${shown(before, max)} → ${shown(after, max)}`);
}

function shown(value: unknown, max: number): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(clip(value, max));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return String(value);
  return clip(JSON.stringify(value) ?? String(value), max);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text); // by code point: never half an emoji
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

function own(record: Record<string, unknown>, field: string): unknown {
  return Object.hasOwn(record, field) ? record[field] : undefined;
}

// ---- normalization ------------------------------------------------------------------------
// Every value becomes one string, its canonical form; two values are the same when their forms
// are. The forms of different kinds cannot collide: text is JSON-quoted, numbers start with #,
// instants with @, and empty is the bare word null.

const EMPTY = 'null';
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Numeric text: no leading zeros (ids and zip codes keep theirs), no sign but minus. */
const NUMERIC_TEXT = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ISO_MOMENT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function canonical(value: unknown, unordered: boolean): string {
  if (value === null || value === undefined) return EMPTY;
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
    case 'bigint':
      return numberForm(String(value));
    case 'string':
      return textForm(value, unordered);
    case 'object':
      if (value instanceof Date) return momentForm(value.getTime()) ?? JSON.stringify('Invalid Date');
      if (Array.isArray(value)) return listForm(value.map((v) => canonical(v, unordered)), unordered);
      return objectForm(value as Record<string, unknown>, unordered);
    default:
      return JSON.stringify(String(value));
  }
}

function textForm(text: string, unordered: boolean): string {
  if (text === '') return EMPTY;
  if (text === 'true' || text === 'false') return text;
  if (NUMERIC_TEXT.test(text)) return numberForm(text);
  const moment = ISO_MOMENT.exec(text);
  if (moment !== null) {
    const [, date, time, zone] = moment;
    const ms = Date.parse(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${offset(zone)}`);
    const form = momentForm(ms);
    if (form !== undefined) return form;
  }
  if (text[0] === '[' || text[0] === '{') {
    try {
      return canonical(JSON.parse(text), unordered);
    } catch {
      // Text that only looks like JSON: "[draft] note".
    }
  }
  // HubSpot's multi-select comes back as "a;b".
  if (text.includes(';')) return listForm(text.split(';').filter((p) => p !== '').map((p) => textForm(p, unordered)), unordered);
  return JSON.stringify(text);
}

/** `+08` and `+0800` as `+08:00`, and no zone as UTC. */
function offset(zone: string | undefined): string {
  if (zone === undefined) return 'Z';
  if (zone.length === 3) return `${zone}:00`;
  return zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
}

function momentForm(ms: number): string | undefined {
  return Number.isFinite(ms) ? `@${new Date(ms).toISOString()}` : undefined;
}

/** An exact decimal as its significant digits and exponent: "12.50", "12.5" and "1.25e1" are all #125e-1. */
function numberForm(text: string): string {
  const m = DECIMAL.exec(text);
  if (m === null) return `#${text}`; // NaN, Infinity
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = (int! + frac).replace(/^0+/, '');
  if (digits === '') return '#0';
  const significant = digits.replace(/0+$/, '');
  return `#${sign}${significant}e${Number(exp) - frac.length + digits.length - significant.length}`;
}

function listForm(items: string[], unordered: boolean): string {
  if (items.length === 0) return EMPTY;
  if (items.length === 1) return items[0]!;
  return `[${(unordered ? items.sort() : items).join(',')}]`;
}

function objectForm(object: Record<string, unknown>, unordered: boolean): string {
  const entries: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const form = canonical(object[key], unordered);
    if (form !== EMPTY) entries.push(`${JSON.stringify(key)}:${form}`);
  }
  return entries.length === 0 ? EMPTY : `{${entries.join(',')}}`;
}

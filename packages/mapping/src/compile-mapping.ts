import jsonata from 'jsonata';
import { ConfigError, RecordError, type ConfigLocation, type DataRecord } from '@datong/sdk';
import type { FieldRule, FieldRuleObject, MappingSpec, MappingValue } from './mapping-spec.js';
import { pathGetter, type PathGetter } from './record-path.js';
import { normalizePhone } from './normalizers/normalize-phone.js';
import { normalizeEmail } from './normalizers/normalize-email.js';
import { normalizeMoney } from './normalizers/normalize-money.js';
import { normalizeDate, normalizeTimestamp } from './normalizers/normalize-timestamp.js';
import { normalizeName } from './normalizers/normalize-name.js';
import { compileMembershipRules } from './membership-rules.js';

export interface CompileOptions {
  /** The mapping file, for messages when there is no `locate`. */
  file?: string;
  /** Where a JSON pointer into the spec sits in its file (see `loadMappingFile`). */
  locate?: (pointer: string) => ConfigLocation;
  /** Zone for zone-less times (`+08:00` by default: the Chinese platforms send GMT+8 wall clock). */
  timezone?: string;
  /** Region for phone numbers without a country code (`CN` by default). */
  defaultRegion?: string;
}

/** A value map in the mapping, as `unmappedValues` and `datong validate` see it. */
export interface ValueMapInfo {
  /** The target field (`lines[].status` inside an `each`). */
  field: string;
  /** The source path (`items[].status` inside an `each`). */
  from: string;
  /** The source values the table lists. */
  values: string[];
  file?: string;
  line?: number;
  column?: number;
}

export interface CompiledMapping {
  /**
   * Maps one source record. Async because JSONata 2 evaluates asynchronously. Rejects with a
   * `RecordError` (`UNMAPPED_VALUE`, `REQUIRED_MISSING`, `TYPE_MISMATCH`) for a record that goes to
   * the dead letters; the run goes on.
   */
  map(record: DataRecord): Promise<DataRecord>;
  /**
   * The same mapping without a promise, present when nothing in it is asynchronous (no JSONata):
   * the engine's per-record path uses it when it can. Throws what `map` rejects with.
   */
  mapSync?: (record: DataRecord) => DataRecord;
  /** Every value map, with where it is written. */
  enums(): ValueMapInfo[];
  /** The tags the `tags:` rules can produce: the only ones tag sync may remove. */
  ownedTags(): string[];
  /** With `tags:` rules: the field they fill and the tags they own (what `syncTags` needs); else undefined. */
  tags(): { field: string; owned: string[] } | undefined;
}

/** Everything a compiled rule needs about where it was written and how to read times and phones. */
export interface Context {
  locate: (pointer: string) => ConfigLocation;
  timezone: string;
  region: string;
  spec: MappingSpec;
  problems: (ConfigLocation & { message: string })[];
  enums: ValueMapInfo[];
}

type Step = (value: unknown, record: DataRecord) => unknown;
/**
 * A compiled rule, and whether it can answer a promise: only JSONata (`expr`, string conditions,
 * tier and tag rules) is asynchronous, so a mapping without it maps a record with no promise at all.
 */
interface Compiled<T> {
  run: T;
  async: boolean;
}

/**
 * Compiles a mapping (a superset of the pipeline's inline `map:`) once; `map` then runs per record.
 * Problems found while compiling (a JSONata syntax error, a `valuesOf` naming no table, a value map
 * whose outputs leave its declared `to` enum) are thrown together as one `ConfigError`.
 *
 * @example
 *   const m = compileMapping({ fields: { status: { from: 'st', values: { 1: 'open' }, to: ['open', 'closed'] } } });
 *   await m.map({ st: 1 }) // { status: 'open' }
 */
export function compileMapping(spec: MappingSpec, options: CompileOptions = {}): CompiledMapping {
  const file = options.file;
  const ctx: Context = {
    locate: options.locate ?? ((pointer) => ({ ...(file === undefined ? {} : { file }), pointer })),
    timezone: options.timezone ?? '+08:00',
    region: options.defaultRegion ?? 'CN',
    spec,
    problems: [],
    enums: [],
  };
  const required = new Set(spec.required ?? []);
  const fields = compileFields(spec.fields ?? {}, '/fields', '', '', ctx, required);
  for (const name of required) {
    if (!(name in (spec.fields ?? {})) && name !== (spec.tier?.field ?? 'tier') && name !== (spec.tags?.field ?? 'tags')) {
      ctx.problems.push({ ...ctx.locate('/required'), message: `required field "${name}" has no rule under fields` });
    }
  }
  const membership = compileMembershipRules(spec, ctx);
  if (ctx.problems.length > 0) throw new ConfigError(ctx.problems);
  const enums = ctx.enums;
  const requireListed = (out: DataRecord): DataRecord => {
    for (const name of required) {
      if (isEmpty(out[name]) && !(name in (spec.fields ?? {}))) {
        throw new RecordError(`field "${name}" is required but empty (${where(ctx.locate('/required'))})`, { code: 'REQUIRED_MISSING' });
      }
    }
    return out;
  };
  const mapSync = fields.async || membership ? undefined : (record: DataRecord) => requireListed(fields.run(record) as DataRecord);
  return {
    ...(mapSync ? { mapSync } : {}),
    async map(record) {
      if (mapSync) return mapSync(record);
      const out = (await fields.run(record)) as DataRecord;
      if (membership) Object.assign(out, await membership.evaluate(record));
      return requireListed(out);
    },
    enums: () => enums.map((e) => ({ ...e, values: [...e.values] })),
    ownedTags: () => membership?.ownedTags ?? [],
    tags: () => (spec.tags ? { field: spec.tags.field ?? 'tags', owned: membership?.ownedTags ?? [] } : undefined),
  };
}

/** `file:line` (or the pointer when the file is unknown) for messages. */
export function where(loc: ConfigLocation): string {
  if (loc.file !== undefined && loc.line !== undefined) return `${loc.file}:${loc.line}`;
  if (loc.file !== undefined) return `${loc.file}${loc.pointer === undefined ? '' : ` ${loc.pointer}`}`;
  return loc.pointer ?? '?';
}

function compileFields(
  rules: Record<string, FieldRule>, pointer: string, targetPrefix: string, sourcePrefix: string, ctx: Context, required: Set<string>,
): Compiled<(record: DataRecord) => DataRecord | Promise<DataRecord>> {
  const compiled = Object.entries(rules).map(([target, rule]) => [target, compileField(target, rule, `${pointer}/${escape(target)}`, targetPrefix, sourcePrefix, ctx, required.has(target))] as const);
  if (compiled.every(([, f]) => !f.async)) {
    return {
      async: false,
      run: (record) => {
        const out: DataRecord = {};
        for (const [target, f] of compiled) {
          const value = f.run(record);
          if (value !== undefined) out[target] = value;
        }
        return out;
      },
    };
  }
  return {
    async: true,
    run: async (record) => {
      const out: DataRecord = {};
      for (const [target, f] of compiled) {
        const value = await f.run(record);
        if (value !== undefined) out[target] = value;
      }
      return out;
    },
  };
}

function compileField(
  target: string, rule: FieldRule, pointer: string, targetPrefix: string, sourcePrefix: string, ctx: Context, listedRequired: boolean,
): Compiled<(record: DataRecord) => unknown> {
  const label = targetPrefix + target;
  if (typeof rule === 'string') {
    const get = pathGetter(rule);
    if (!listedRequired) return { async: false, run: get };
    return { async: false, run: (r) => requireValue(get(r), label, pointer, ctx) };
  }
  const read = reader(rule, pointer, label, ctx);
  const source = rule.from ?? target;
  const steps: Compiled<Step>[] = [];

  if (rule.normalize) steps.push({ async: false, run: normalizer(rule, label, ctx) });
  if (rule.cases) steps.push(casesStep(rule, label, pointer, ctx));

  const table = valueTable(rule, pointer, ctx);
  if (table) {
    const loc = ctx.locate(table.pointer);
    ctx.enums.push({ field: label, from: sourcePrefix + source, values: [...table.map.keys()], ...loc });
    steps.push({
      async: false,
      run: (value) => {
        if (isEmpty(value)) return value;
        const key = String(value);
        if (!table.map.has(key)) {
          throw new RecordError(`field "${label}": value ${JSON.stringify(key)} of "${sourcePrefix + source}" has no mapping (${where(loc)})`, { code: 'UNMAPPED_VALUE' });
        }
        return table.map.get(key);
      },
    });
  }
  if (rule.each) {
    const element = compileFields(rule.each, `${pointer}/each`, `${label}[].`, `${sourcePrefix + source}[].`, ctx, new Set());
    steps.push({
      async: element.async,
      run: (value) => {
        if (isEmpty(value)) return value;
        if (!Array.isArray(value)) throw new RecordError(`field "${label}": "${source}" must be a list to map each element`, { code: 'TYPE_MISMATCH' });
        const mapped = value.map((v) => element.run(v as DataRecord));
        return element.async ? Promise.all(mapped) : mapped;
      },
    });
  }
  if (rule.type) steps.push({ async: false, run: converter(rule.type, label, rule.timezone ?? ctx.timezone) });

  const allowed = targetEnum(rule, pointer, label, table, ctx);
  const hasDefault = 'default' in rule;
  const isRequired = listedRequired || rule.required === true;
  const finish = (value: unknown): unknown => {
    if (isEmpty(value)) value = hasDefault ? rule.default : undefined;
    if (isRequired) requireValue(value, label, pointer, ctx);
    if (allowed && !isEmpty(value) && !allowed.has(String(value))) {
      throw new RecordError(`field "${label}": ${JSON.stringify(value)} is not in its declared enum (${where(ctx.locate(`${pointer}/to`))})`, { code: 'UNMAPPED_VALUE' });
    }
    return value;
  };
  if (!read.async && steps.every((step) => !step.async)) {
    return {
      async: false,
      run: (record) => {
        let value = read.run(record);
        for (const step of steps) value = step.run(value, record);
        return finish(value);
      },
    };
  }
  return {
    async: true,
    run: async (record) => {
      let value = await read.run(record);
      for (const step of steps) value = await step.run(value, record);
      return finish(value);
    },
  };
}

function requireValue(value: unknown, label: string, pointer: string, ctx: Context): unknown {
  if (isEmpty(value)) throw new RecordError(`field "${label}" is required but empty (${where(ctx.locate(pointer))})`, { code: 'REQUIRED_MISSING' });
  return value;
}

function reader(rule: FieldRuleObject, pointer: string, label: string, ctx: Context): Compiled<(record: DataRecord) => unknown> {
  if ('const' in rule) return { async: false, run: () => rule.const };
  const get: PathGetter = rule.from !== undefined ? pathGetter(rule.from) : () => undefined;
  if (rule.expr === undefined) return { async: false, run: get };
  const expression = compileExpression(rule.expr, `${pointer}/expr`, ctx);
  if (!expression) return { async: false, run: get };
  return {
    async: true,
    run: async (record) => {
      try {
        return unwrap(await expression.evaluate(record, { value: get(record) }));
      } catch (error) {
        throw new RecordError(`field "${label}": expression failed: ${(error as Error).message} (${where(ctx.locate(`${pointer}/expr`))})`, { code: 'EXPRESSION_FAILED', cause: error });
      }
    },
  };
}

/** Compiles a JSONata expression with datong's normalizers bound as functions; records a problem on a syntax error. */
export function compileExpression(text: string, pointer: string, ctx: Context): jsonata.Expression | undefined {
  try {
    const expression = jsonata(text);
    expression.registerFunction('phone', (v: unknown) => (isEmpty(v) ? undefined : normalizePhone(String(v), ctx.region).e164), '<x-:s>');
    expression.registerFunction('email', (v: unknown) => normalizeEmail(v), '<x-:s>');
    expression.registerFunction('money', (v: unknown, currency?: string) => normalizeMoney(v, { currency: currency ?? 'CNY' })?.amount, '<x-s?:s>');
    expression.registerFunction('timestamp', (v: unknown, zone?: string) => normalizeTimestamp(v, zone ?? ctx.timezone), '<x-s?:s>');
    return expression;
  } catch (error) {
    const e = error as { message?: string; position?: number };
    ctx.problems.push({ ...ctx.locate(pointer), message: `JSONata expression does not parse: ${e.message ?? String(error)}${e.position === undefined ? '' : ` at character ${e.position}`}` });
    return undefined;
  }
}

/** JSONata returns sequences as arrays with a `sequence` flag; give plain values back. */
export function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return [...value].map(unwrap);
  if (value !== null && typeof value === 'object') return JSON.parse(JSON.stringify(value));
  return value;
}

function valueTable(rule: FieldRuleObject, pointer: string, ctx: Context): { map: Map<string, unknown>; pointer: string } | undefined {
  if (rule.valuesOf !== undefined) {
    const named = ctx.spec.values?.[rule.valuesOf];
    if (named === undefined) {
      ctx.problems.push({ ...ctx.locate(`${pointer}/valuesOf`), message: `valuesOf "${rule.valuesOf}" names no table under values${suggest(rule.valuesOf, Object.keys(ctx.spec.values ?? {}))}` });
      return undefined;
    }
    return { map: new Map(Object.entries({ ...named, ...(rule.values ?? {}) })), pointer: `/values/${escape(rule.valuesOf)}` };
  }
  if (rule.values) return { map: new Map(Object.entries(rule.values)), pointer: `${pointer}/values` };
  return undefined;
}

function targetEnum(
  rule: FieldRuleObject, pointer: string, label: string, table: { map: Map<string, unknown>; pointer: string } | undefined, ctx: Context,
): Set<string> | undefined {
  if (rule.to === undefined) return undefined;
  let list: (string | number | boolean)[];
  if (typeof rule.to === 'string') {
    const named = ctx.spec.enums?.[rule.to];
    if (named === undefined) {
      ctx.problems.push({ ...ctx.locate(`${pointer}/to`), message: `to "${rule.to}" names no enum under enums${suggest(rule.to, Object.keys(ctx.spec.enums ?? {}))}` });
      return undefined;
    }
    list = named;
  } else {
    list = rule.to;
  }
  const allowed = new Set(list.map(String));
  const outside = (v: unknown) => !isEmpty(v) && !allowed.has(String(v));
  if (table) {
    for (const [source, target] of table.map) {
      if (outside(target)) {
        const at = table.pointer === `${pointer}/values` ? `${pointer}/values/${escape(source)}` : `${table.pointer}/${escape(source)}`;
        ctx.problems.push({ ...ctx.locate(at), message: `field "${label}": the map gives ${JSON.stringify(target)} for ${JSON.stringify(source)}, which is not in its declared enum [${[...allowed].join(', ')}]` });
      }
    }
  }
  rule.cases?.forEach((c, i) => {
    if (outside(c.then)) ctx.problems.push({ ...ctx.locate(`${pointer}/cases/${i}/then`), message: `field "${label}": case ${i + 1} gives ${JSON.stringify(c.then)}, which is not in its declared enum [${[...allowed].join(', ')}]` });
  });
  for (const key of ['else', 'default', 'const'] as const) {
    if (key in rule && outside(rule[key])) ctx.problems.push({ ...ctx.locate(`${pointer}/${key}`), message: `field "${label}": ${key} ${JSON.stringify(rule[key])} is not in its declared enum [${[...allowed].join(', ')}]` });
  }
  return allowed;
}

function casesStep(rule: FieldRuleObject, label: string, pointer: string, ctx: Context): Compiled<Step> {
  const hasElse = 'else' in rule;
  const none = () => {
    if (hasElse) return rule.else;
    throw new RecordError(`field "${label}": no case matches this record and there is no else (${where(ctx.locate(pointer))})`, { code: 'UNMAPPED_VALUE' });
  };
  const whens = (rule.cases ?? []).map((c) => c.when);
  if (whens.every((w) => typeof w !== 'string')) {
    const cases = (rule.cases ?? []).map((c) => ({ test: matcher(c.when as Record<string, unknown>), then: c.then }));
    return {
      async: false,
      run: (_value, record) => {
        for (const c of cases) if (c.test(record)) return c.then;
        return none();
      },
    };
  }
  const cases = (rule.cases ?? []).map((c, i) => ({
    test: typeof c.when === 'string' ? condition(c.when, `${pointer}/cases/${i}/when`, ctx) : matcher(c.when),
    then: c.then,
  }));
  return {
    async: true,
    run: async (_value, record) => {
      for (const c of cases) if (await c.test(record)) return c.then;
      return none();
    },
  };
}

/** A JSONata condition: true when the expression gives a truthy value. */
export function condition(text: string, pointer: string, ctx: Context): (record: DataRecord) => Promise<boolean> {
  const expression = compileExpression(text, pointer, ctx);
  return async (record) => {
    if (!expression) return false;
    try {
      return Boolean(await expression.evaluate(record));
    } catch (error) {
      throw new RecordError(`condition ${JSON.stringify(text)} failed: ${(error as Error).message} (${where(ctx.locate(pointer))})`, { code: 'EXPRESSION_FAILED', cause: error });
    }
  };
}

function matcher(when: Record<string, unknown>): (record: DataRecord) => boolean {
  const tests = Object.entries(when).map(([field, expected]) => {
    const get = pathGetter(field);
    const allowed = new Set((Array.isArray(expected) ? expected : [expected]).map((x) => String(x)));
    return (r: DataRecord) => { const v = get(r); return v !== undefined && v !== null && allowed.has(String(v)); };
  });
  return (r) => tests.every((t) => t(r));
}

function normalizer(rule: FieldRuleObject, label: string, ctx: Context): Step {
  const fail = (value: unknown, what: string) => new RecordError(`field "${label}": ${JSON.stringify(value)} is not ${what}`, { code: 'TYPE_MISMATCH' });
  const skipEmpty = (f: (v: unknown) => unknown): Step => (v) => (isEmpty(v) ? v : f(v));
  switch (rule.normalize) {
    // A masked or invalid phone gives no value: a masked number must never become an identity.
    case 'phone': return skipEmpty((v) => normalizePhone(String(v), rule.region ?? ctx.region).e164);
    case 'email': return skipEmpty((v) => normalizeEmail(String(v)));
    case 'money': return skipEmpty((v) => normalizeMoney(v, { currency: rule.currency ?? 'CNY', unit: 'major' })?.amount ?? (() => { throw fail(v, 'an amount'); })());
    case 'money_cents': return skipEmpty((v) => normalizeMoney(v, { currency: rule.currency ?? 'CNY', unit: 'minor' })?.amount ?? (() => { throw fail(v, 'an amount in minor units'); })());
    case 'timestamp': return skipEmpty((v) => normalizeTimestamp(v, rule.timezone ?? ctx.timezone) ?? (() => { throw fail(v, 'a timestamp'); })());
    case 'date': return skipEmpty((v) => normalizeDate(v) ?? normalizeTimestamp(v, rule.timezone ?? ctx.timezone)?.slice(0, 10) ?? (() => { throw fail(v, 'a date'); })());
    case 'name': return skipEmpty((v) => normalizeName(String(v))?.full);
    default: return (v) => v;
  }
}

function converter(type: string, label: string, timezone: string): Step {
  const fail = (value: unknown, what: string) => new RecordError(`field "${label}": ${JSON.stringify(value)} is not ${what}`, { code: 'TYPE_MISMATCH' });
  const convert = ((): ((v: unknown) => unknown) => {
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
      case 'timestamp': return (v) => normalizeTimestamp(v, timezone) ?? (() => { throw fail(v, 'a timestamp'); })();
      case 'date': return (v) => normalizeDate(v) ?? (() => { throw fail(v, 'a date'); })();
      case 'json': return (v) => {
        if (typeof v !== 'string') return v;
        try { return JSON.parse(v) as unknown; } catch { throw fail(v, 'JSON'); }
      };
      default: throw new Error(`unknown type ${type}`);
    }
  })();
  return (v) => (isEmpty(v) ? v : convert(v));
}

/** Exact decimal text, as the engine's `type: decimal` gives it (numbers as JavaScript prints them). */
function toDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.trim().replace(/^[¥￥$€£]|[¥￥元]$/gu, '').replace(/,/g, '').trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return cleaned.replace(/^\+/, '').replace(/^(-?)0+(?=\d)/, '$1');
}

export function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ` (did you mean "x"?)` when a name is one or two edits from a known one. */
export function suggest(name: string, known: string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export type { MappingValue };

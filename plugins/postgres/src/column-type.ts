import type { JsonSchema } from '@datong/sdk';
import { configError } from './config-error.js';

/** The JSON shape a column's values have in records: what read-back and the source turn rows into. */
export type ValueKind = 'string' | 'integer' | 'number' | 'boolean' | 'json';

/** The SQL type a record field gets as a column, and the JSON shape of its values. */
export interface ColumnType {
  sql: string;
  kind: ValueKind;
}

const JSONB: ColumnType = { sql: 'jsonb', kind: 'json' };

/**
 * Maps one property's JSON Schema to a column type: string → text (date-time → timestamptz,
 * date → date, decimal → numeric), integer → bigint, number → numeric, boolean → boolean,
 * object and array → jsonb. `null` in a type union only makes the column nullable. Anything that
 * can hold values of several JSON types becomes jsonb, which keeps each value's own type.
 * `"x-sql-type"` overrides the SQL type; the JSON type still decides how values read back.
 *
 * @example
 *   columnType({ type: ['string', 'null'], format: 'date-time' }, root) // { sql: 'timestamptz', kind: 'string' }
 */
export function columnType(schema: JsonSchema, root: JsonSchema): ColumnType {
  const resolved = resolveRef(schema, root, 0);
  const override = resolved['x-sql-type'];
  const inferred = inferType(resolved, root);
  if (override === undefined) return inferred;
  if (typeof override !== 'string' || !SQL_TYPE.test(override)) {
    throw configError(`"x-sql-type" ${JSON.stringify(override)} is not a plain SQL type name such as numeric(12,2)`);
  }
  return { sql: override, kind: inferred.kind };
}

/**
 * What `x-sql-type` may say: a type name of words, an optional (precision, scale) and array
 * brackets. It is spliced into DDL, so anything else (quotes, semicolons) is refused.
 */
const SQL_TYPE = /^[A-Za-z_][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?( with(out)? time zone)?(\[\])*$/;

function inferType(schema: JsonSchema, root: JsonSchema): ColumnType {
  const types = jsonTypes(schema);
  if (types === undefined) {
    // No `type`: a nullable union spelled with anyOf/oneOf, or values listed by enum/const.
    const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (Array.isArray(branches)) {
      const nonNull = branches.filter((b) => !isNullOnly(resolveRef(b, root, 0)));
      return nonNull.length === 1 ? columnType(nonNull[0]!, root) : JSONB;
    }
    const values = 'const' in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
    return values === undefined ? JSONB : fromTypes(new Set(values.filter((v) => v !== null).map(jsonTypeOf)), schema);
  }
  return fromTypes(new Set(types.filter((t) => t !== 'null')), schema);
}

function fromTypes(types: Set<string>, schema: JsonSchema): ColumnType {
  // An integer is also a number: [integer, number] is a number column.
  if (types.has('integer') && types.has('number')) types.delete('integer');
  if (types.size !== 1) return JSONB;
  const [type] = types;
  switch (type) {
    case 'string':
      return { sql: stringSqlType(schema), kind: 'string' };
    case 'integer':
      return { sql: 'bigint', kind: 'integer' };
    case 'number':
      return { sql: 'numeric', kind: 'number' };
    case 'boolean':
      return { sql: 'boolean', kind: 'boolean' };
    default:
      return JSONB;
  }
}

function stringSqlType(schema: JsonSchema): string {
  if (schema.format === 'date-time') return 'timestamptz';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'decimal') return 'numeric';
  if (typeof schema.pattern === 'string' && isDecimalPattern(schema.pattern)) return 'numeric';
  return 'text';
}

/**
 * True for patterns such as `^-?\d+(\.\d{1,2})?$` that admit only decimal numbers. A pattern of
 * digits alone (`^\d+$`) is not one: such strings are identifiers whose leading zeros matter.
 */
export function isDecimalPattern(pattern: string): boolean {
  if (!pattern.includes('\\.') || !/\\d|\[0-9\]/.test(pattern)) return false;
  const rest = pattern.replace(/\\d|\[0-9\]|\\\.|\[[-+]{1,2}\]|\{\d*,?\d*\}|\?:|[-+?*()^$|]/g, '');
  return rest === '';
}

function jsonTypes(schema: JsonSchema): string[] | undefined {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return undefined;
}

function isNullOnly(schema: JsonSchema): boolean {
  const types = jsonTypes(schema);
  return (types !== undefined && types.length > 0 && types.every((t) => t === 'null')) || schema.const === null;
}

function jsonTypeOf(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Follows a local `$ref` (`#/$defs/money`) into the record schema; anything else is left as is. */
function resolveRef(schema: JsonSchema, root: JsonSchema, depth: number): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#') || depth > 16) return schema;
  let target: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const name = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    target = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[name] : undefined;
  }
  if (target === null || typeof target !== 'object') return schema;
  // Keywords beside the $ref (draft 2020-12 allows them) add to the target: `x-sql-type`, `format`.
  const merged: JsonSchema = { ...(target as JsonSchema), ...schema };
  delete merged.$ref;
  return resolveRef(merged, root, depth + 1);
}

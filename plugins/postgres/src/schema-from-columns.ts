import type { JsonSchema } from '@datong/sdk';
import type { ValueKind } from './column-type.js';
import type { TableColumn } from './table-columns.js';

/** A record schema derived from a table, and the JSON shape of each column's values. */
export interface DerivedSchema {
  schema: JsonSchema;
  kinds: Map<string, ValueKind>;
}

/**
 * The record schema of a table, from information_schema: the sink's type mapping read backwards,
 * so a table read by the source and written by the sink gets the same column types again.
 * numeric is a decimal string (a JSON number could change its value), timestamptz an ISO-8601
 * date-time, timestamp without time zone a string the sink maps back to `timestamp`, json and
 * jsonb any JSON value. A nullable column also admits null.
 */
export function schemaFromColumns(columns: readonly TableColumn[]): DerivedSchema {
  const properties: Record<string, JsonSchema> = {};
  const kinds = new Map<string, ValueKind>();
  for (const column of columns) {
    const { schema, kind } = column.dataType === 'ARRAY' ? arraySchema(column.udtName) : scalarSchema(column.udtName);
    properties[column.name] = column.nullable ? nullable(schema) : schema;
    kinds.set(column.name, kind);
  }
  return {
    schema: { type: 'object', properties, required: columns.map((c) => c.name) },
    kinds,
  };
}

function scalarSchema(udtName: string): { schema: JsonSchema; kind: ValueKind } {
  switch (udtName) {
    case 'int2':
    case 'int4':
    case 'int8':
    case 'oid':
      return { schema: { type: 'integer' }, kind: 'integer' };
    case 'float4':
    case 'float8':
      return { schema: { type: 'number' }, kind: 'number' };
    case 'numeric':
      return { schema: { type: 'string', format: 'decimal' }, kind: 'string' };
    case 'bool':
      return { schema: { type: 'boolean' }, kind: 'boolean' };
    case 'timestamptz':
      return { schema: { type: 'string', format: 'date-time' }, kind: 'string' };
    case 'timestamp':
      return { schema: { type: 'string', 'x-sql-type': 'timestamp' }, kind: 'string' };
    case 'date':
      return { schema: { type: 'string', format: 'date' }, kind: 'string' };
    case 'json':
    case 'jsonb':
      return { schema: {}, kind: 'json' };
    default:
      return { schema: { type: 'string' }, kind: 'string' };
  }
}

/** information_schema names an array column's type by its element type with a leading underscore. */
function arraySchema(udtName: string): { schema: JsonSchema; kind: ValueKind } {
  const element = udtName.replace(/^_/, '');
  // Arrays are read as JSON (to_jsonb), which turns numeric elements into JSON numbers.
  const items = element === 'numeric' ? { type: 'number' } : scalarSchema(element).schema;
  return { schema: { type: 'array', items }, kind: 'json' };
}

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type !== 'string') return schema;
  return { ...schema, type: [schema.type, 'null'] };
}

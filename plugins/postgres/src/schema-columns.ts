import type { JsonSchema, SinkObjectSpec } from '@datong/sdk';
import { columnType, type ColumnType } from './column-type.js';
import { configError } from './config-error.js';
import { checkIdentifier } from './table-ref.js';

/** A column a sink object's records need, with the type its table should give it. */
export interface SchemaColumn extends ColumnType {
  name: string;
}

/**
 * The columns of a sink object: one per property of its record schema, in the schema's order.
 * A key field the schema does not describe still gets a (text) column: the key is what every
 * write is matched on.
 */
export function schemaColumns(spec: SinkObjectSpec): SchemaColumn[] {
  if (spec.key.length === 0) throw configError(`sink object "${spec.name}" has no key: an upsert needs one`);
  const properties = (spec.schema.properties ?? {}) as Record<string, JsonSchema>;
  const columns: SchemaColumn[] = Object.entries(properties).map(([name, property]) => {
    checkIdentifier(name, 'column');
    return { name, ...columnType(property, spec.schema) };
  });
  for (const key of spec.key) {
    checkIdentifier(key, 'column');
    if (!columns.some((c) => c.name === key)) columns.push({ name: key, sql: 'text', kind: 'string' });
  }
  return columns;
}

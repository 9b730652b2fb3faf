import type { DataRecord, JsonSchema } from '@datong/sdk';

/**
 * A record field as a HubSpot property value. HubSpot holds every value as text: numbers and
 * booleans are spelt out, an array is a multi-select (values joined by ";"), and null clears the
 * property (HubSpot clears on an empty string).
 */
export function encodeValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => String(v)).join(';');
  return JSON.stringify(value);
}

/**
 * A HubSpot property value read back as the record schema types the field, so the before-image a
 * rollback writes again has the record's shape. Unset values (null, "") are left out.
 */
export function decodeValue(text: string | null | undefined, schema: JsonSchema | undefined): unknown {
  if (text === null || text === undefined || text === '') return undefined;
  const types = typesOf(schema);
  if (types.size === 0 || types.has('string')) return text;
  if ((types.has('number') || types.has('integer')) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  if (types.has('array')) return text.split(';');
  if (types.has('object')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The record whose key is `key`, its key fields filled back from the key's text (see `recordKey`). */
export function keyFields(key: string, fields: string[], schema: JsonSchema): DataRecord {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  let parts: unknown[] = [key];
  if (fields.length > 1) {
    try {
      const parsed = JSON.parse(key) as unknown;
      if (Array.isArray(parsed) && parsed.length === fields.length) parts = parsed;
    } catch {
      // Not a compound key after all: leave the fields unfilled rather than guess.
      return {};
    }
  }
  const record: DataRecord = {};
  fields.forEach((field, i) => {
    const part = parts[i];
    if (part !== undefined) record[field] = decodeValue(String(part), properties[field]);
  });
  return record;
}

/** Whether a field schema accepts null (or says nothing of its type). */
export function allowsNull(schema: JsonSchema | undefined): boolean {
  if (!schema || (schema.type === undefined && schema.anyOf === undefined && schema.oneOf === undefined)) return true;
  return typesOf(schema, true).has('null');
}

/** The JSON types a field schema allows, following `anyOf`/`oneOf` one level down. */
function typesOf(schema: JsonSchema | undefined, withNull = false): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  const type = schema.type;
  if (typeof type === 'string') out.add(type);
  if (Array.isArray(type)) for (const t of type) out.add(String(t));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (Array.isArray(list)) for (const sub of list) for (const t of typesOf(sub as JsonSchema, true)) out.add(t);
  }
  if (!withNull) out.delete('null');
  return out;
}

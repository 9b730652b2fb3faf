import type { DataRecord, JsonSchema } from '@datong/sdk';

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/**
 * Gives a record read back from a CSV or XLSX export the JSON types its schema declares: a CSV
 * holds only text, and XLSX keeps nested values as JSON text. Fields the schema does not type,
 * and text that does not fit the declared type, are left as they are.
 */
export function restoreTypes(record: DataRecord, schema: JsonSchema): DataRecord {
  const properties = schema.properties as Record<string, { type?: unknown }> | undefined;
  if (properties === undefined || properties === null || typeof properties !== 'object') return record;
  const out: DataRecord = {};
  for (const [field, value] of Object.entries(record)) {
    const declared = properties[field]?.type;
    const types = Array.isArray(declared) ? declared : declared === undefined ? [] : [declared];
    out[field] = restore(value, types);
  }
  return out;
}

function restore(value: unknown, types: unknown[]): unknown {
  if (types.length === 0) return value;
  if (typeof value === 'number' && !types.includes('number') && !types.includes('integer') && types.includes('string')) return String(value);
  if (typeof value !== 'string' || types.includes('string')) return value;
  if ((types.includes('number') || types.includes('integer')) && NUMBER.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.includes('object') || types.includes('array')) {
    try {
      const parsed: unknown = JSON.parse(value);
      const isArray = Array.isArray(parsed);
      if ((isArray && types.includes('array')) || (!isArray && parsed !== null && typeof parsed === 'object' && types.includes('object'))) return parsed;
    } catch {
      // not JSON: leave the text for the schema to reject
    }
  }
  return value;
}

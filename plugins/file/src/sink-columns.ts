import type { DataRecord, JsonSchema } from '@datong/sdk';

/**
 * The columns of a CSV or XLSX export: the schema's properties in their declared order (the
 * order a reader of the spreadsheet expects), then any other field in order of first appearance.
 */
export function sinkColumns(records: Iterable<DataRecord>, schema: JsonSchema): string[] {
  const columns = new Set<string>();
  const properties = schema.properties;
  if (properties !== null && typeof properties === 'object') for (const name of Object.keys(properties)) columns.add(name);
  for (const record of records) for (const name of Object.keys(record)) columns.add(name);
  return [...columns];
}

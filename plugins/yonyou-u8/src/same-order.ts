import type { DataRecord } from '@datong/sdk';

/**
 * The fields of `wanted` (a sale-order record) that `held` (the order U8 holds, read back) does
 * not match: what an edit would have to change. A number compares by value with its text (129.9 is "129.90"),
 * lines in order, and a field the record leaves out matches anything.
 */
export function differingOrderFields(wanted: DataRecord, held: DataRecord): string[] {
  return Object.keys(wanted).filter((field) => !same(wanted[field], held[field]));
}

function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '')) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object') return false;
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    return Object.keys(left).every((k) => same(left[k], right[k]));
  }
  if (a === null || a === undefined || b === null || b === undefined) return false;
  // U8 may answer a price as a number: compare by value then. Two texts (codes such as "007") compare as text.
  if (typeof a === 'number' || typeof b === 'number') return String(a).trim() !== '' && String(b).trim() !== '' && Number(a) === Number(b);
  return String(a) === String(b);
}

import { compareCursors } from './compare-cursors.js';

/**
 * The fields of `wanted` whose value `found` does not hold. Fields `found` has beyond `wanted` are
 * fine (a sink adds its own id and timestamps). Values compare by content, forgiving what storage
 * does to them: `12.5` and `"12.50"`, a Date and its ISO text, two spellings of one moment, object
 * keys in another order.
 */
export function differingFields(wanted: Record<string, unknown>, found: Record<string, unknown>): string[] {
  return Object.keys(wanted).filter((field) => !sameValue(wanted[field], found[field]));
}

/** Whether two values hold the same content, as `differingFields` compares them. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    const left = parsedJson(a);
    const right = parsedJson(b);
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((x, i) => sameValue(x, right[i]));
  }
  const left = a instanceof Date ? a : parsedJson(a);
  const right = b instanceof Date ? b : parsedJson(b);
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every((k) => sameValue(left[k], right[k]));
  }
  if (isPlainObject(left) || isPlainObject(right)) return false;
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a) === String(b);
  // Numbers and moments: compareCursors knows how storage may respell them.
  return compareCursors(a, b) === 0;
}

/** A JSON column may come back as text: read it as the value it holds. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

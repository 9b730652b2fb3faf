/** A cursor value as it is kept in the state: text (ISO timestamps) or a number. */
export type CursorValue = string | number;

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** Can this field value serve as a cursor? Empty text and non-scalars cannot. */
export function isCursorValue(value: unknown): value is CursorValue {
  return (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Orders two cursor values: numerically when both are numbers or numeric text (CSV cells are
 * text, and "99" < "100"), otherwise as text, which orders ISO timestamps written the same way.
 */
export function compareCursor(a: CursorValue, b: CursorValue): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/** The greater of two cursor values, either of which may be missing. */
export function maxCursor(a: CursorValue | undefined, b: CursorValue | undefined): CursorValue | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareCursor(a, b) >= 0 ? a : b;
}

function asNumber(value: CursorValue): number | undefined {
  if (typeof value === 'number') return value;
  return NUMERIC.test(value) ? Number(value) : undefined;
}

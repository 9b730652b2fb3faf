/**
 * Orders two cursor values as the engine does when it keeps a record's latest version: numbers
 * (and numeric text) numerically, timestamps by the moment they name (so `2025-01-02T08:00:00+08:00`
 * equals `2025-01-02T00:00:00Z`), any other text lexicographically. A missing value is the oldest.
 * Negative when `a` is older than `b`, zero when they are the same moment, positive when newer.
 */
export function compareCursors(a: unknown, b: unknown): number {
  const missingA = a === undefined || a === null;
  const missingB = b === undefined || b === null;
  if (missingA || missingB) return missingA && missingB ? 0 : missingA ? -1 : 1;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return Math.sign(na - nb);
  const ta = asMoment(a);
  const tb = asMoment(b);
  if (ta !== undefined && tb !== undefined) return Math.sign(ta - tb);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  // Only plain numerals: "2025-01-02" must stay a date, not become NaN or 2025.
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

function asMoment(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  // Only ISO-like text: Date.parse also reads "May 1" or "Order 7", which are not moments.
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

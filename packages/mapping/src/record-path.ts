/** A compiled source path: `a.b`, `items[0].sku`. */
export type PathGetter = (record: unknown) => unknown;

/** Splits `items[0].sku` into `['items', 0, 'sku']`. */
export function parsePath(path: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}

/** Reads a dotted path with `[n]` list indexes; undefined where any step is missing. */
export function pathGetter(path: string): PathGetter {
  const parts = parsePath(path);
  if (parts.length === 1) { const only = parts[0]!; return (r) => (r !== null && typeof r === 'object' ? (r as Record<string, unknown>)[only] : undefined); }
  return (r) => {
    let v: unknown = r;
    for (const p of parts) {
      if (v === null || typeof v !== 'object') return undefined;
      v = typeof p === 'number' ? (Array.isArray(v) ? v[p] : undefined) : (v as Record<string, unknown>)[p];
    }
    return v;
  };
}

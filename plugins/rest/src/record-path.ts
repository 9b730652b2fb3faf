/** The segments of a dotted path; "" is the value itself. */
export function pathSegments(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

/** What a dotted path finds in a value: `found: false` names the first segment that was not there. */
export type PathLookup = { found: true; value: unknown } | { found: false; missing: string; parent: unknown };

/**
 * Follows a dotted path (`data.items`, `meta.next_cursor`) into parsed JSON. Array indexes are
 * segments too (`data.0.id`).
 */
export function lookupPath(value: unknown, path: string): PathLookup {
  let current = value;
  const done: string[] = [];
  for (const segment of pathSegments(path)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      return { found: false, missing: [...done, segment].join('.'), parent: current };
    }
    current = (current as Record<string, unknown>)[segment];
    done.push(segment);
  }
  return { found: true, value: current };
}

/** The value at a dotted path, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  const found = lookupPath(value, path);
  return found.found ? found.value : undefined;
}

/** A short description of a JSON value's shape, for messages: `an object with keys items, total`. */
export function describeShape(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
  }
  return `a ${typeof value}`;
}

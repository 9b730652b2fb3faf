/** What to change on a contact's tags so they match the rules. */
export interface TagSync {
  /** Tags to add (in the desired spelling). */
  add: string[];
  /** Tags to remove (in the current spelling). */
  remove: string[];
  /** The tag list after the change: foreign tags kept, desired tags present once. */
  result: string[];
}

/**
 * Brings `current` tags in line with `desired`, touching only tags datong owns. A tag in `owned`
 * but not desired is removed; a tag not in `owned` (set by hand or by another tool) is kept even if
 * not desired; desired tags are added once. Matching is case-insensitive (`vip` already satisfies
 * `VIP`), duplicates in `current` collapse to one, and running it again on `result` changes nothing.
 *
 * @example
 *   syncTags(['vip', 'Newsletter', 'Lapsed'], ['VIP'], ['VIP', 'Lapsed'])
 *   // { add: [], remove: ['Lapsed'], result: ['vip', 'Newsletter'] }
 */
export function syncTags(current: readonly string[], desired: readonly string[], owned: readonly string[]): TagSync {
  const key = (t: string) => t.trim().toLowerCase();
  const ownedKeys = new Set(owned.map(key));
  const desiredKeys = new Set(desired.map(key));
  const result: string[] = [];
  const remove: string[] = [];
  const seen = new Set<string>();
  for (const tag of current) {
    const k = key(tag);
    if (k === '') continue;
    if (ownedKeys.has(k) && !desiredKeys.has(k)) {
      if (!remove.some((r) => key(r) === k)) remove.push(tag);
      continue;
    }
    if (seen.has(k)) continue;
    seen.add(k);
    result.push(tag);
  }
  const add: string[] = [];
  for (const tag of desired) {
    const k = key(tag);
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    add.push(tag.trim());
    result.push(tag.trim());
  }
  return { add, remove, result };
}

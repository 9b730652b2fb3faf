/**
 * A SOQL string literal: single quotes around, and `\` and `'` escaped with a backslash, as the
 * SOQL reference's "Quoted String Escape Sequences" says. Keys come from shops, not from us.
 */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/**
 * Splits keys into `WHERE field IN (…)` lists that keep the query's URL short: Salesforce refuses
 * a URI longer than 16,384 bytes (UNCONFIRMED figure), and the SELECT list takes its share.
 */
export function inLists(keys: string[], maxKeys = 200, maxChars = 8000): string[][] {
  const lists: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const key of keys) {
    const size = encodeURIComponent(soqlString(key)).length + 3;
    if (current.length > 0 && (current.length >= maxKeys || chars + size > maxChars)) {
      lists.push(current);
      current = [];
      chars = 0;
    }
    current.push(key);
    chars += size;
  }
  if (current.length > 0) lists.push(current);
  return lists;
}

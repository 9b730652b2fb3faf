/** One condition of a search: `(field:operator:value)`; `in` takes a comma-separated list. */
export interface Condition {
  field: string;
  operator: 'equals' | 'in';
  values: string[];
}

/**
 * Parses the subset of Zoho's search criteria the emulator serves: one condition, in one or two
 * pairs of parentheses, `equals` or `in`. In values a backslash escapes `(`, `)`, `,` and itself.
 * Answers a message for anything else.
 */
export function parseCriteria(criteria: string): Condition | string {
  let text = criteria.trim();
  while (text.startsWith('(') && text.endsWith(')') && !text.endsWith('\\)')) text = text.slice(1, -1);
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first < 0 || second < 0) return `criteria ${criteria} is not (field:operator:value)`;
  const field = text.slice(0, first);
  const operator = text.slice(first + 1, second);
  if (operator !== 'equals' && operator !== 'in') return `operator ${operator} is not served by the emulator (equals, in)`;
  const values: string[] = [];
  let current = '';
  const raw = text.slice(second + 1);
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) current += raw[++i];
    else if (c === ',' && operator === 'in') {
      values.push(current);
      current = '';
    } else current += c;
  }
  values.push(current);
  return { field, operator, values };
}

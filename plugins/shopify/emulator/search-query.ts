/**
 * Shopify's search syntax for the `query` argument (shopify.dev/docs/api/usage/search-syntax):
 * whitespace-separated terms joined by an implicit AND, `OR` between groups, `-term` or `NOT term`
 * to negate, `field:value` with the comparators `:<`, `:<=`, `:>`, `:>=`, values bare or in single
 * or double quotes, a trailing `*` as a prefix wildcard, and bare words matched against a record's
 * default text.
 */
export interface SearchTerm {
  field: string | undefined;
  comparator: '=' | '<' | '<=' | '>' | '>=';
  value: string;
  negated: boolean;
}

/** Disjunction of conjunctions: `a b OR c` is [[a, b], [c]]. */
export type SearchQuery = SearchTerm[][];

/** How a record answers a term: its value(s) for a field, typed for comparison. */
export type FieldValue =
  | { kind: 'time'; ms: number | null; wholeDays?: boolean }
  | { kind: 'number'; value: number | null }
  | { kind: 'text'; values: string[] }
  | { kind: 'boolean'; value: boolean }
  /** The field is not known here: Shopify ignores such filters. */
  | { kind: 'ignored' };

export function parseSearch(text: string | null | undefined): SearchQuery {
  const groups: SearchTerm[][] = [[]];
  let negateNext = false;
  for (const token of tokens(text ?? '')) {
    if (token === 'OR') {
      groups.push([]);
      continue;
    }
    if (token === 'AND') continue;
    if (token === 'NOT') {
      negateNext = true;
      continue;
    }
    groups[groups.length - 1]!.push(term(token, negateNext));
    negateNext = false;
  }
  return groups.filter((g) => g.length > 0);
}

/** Whether a record matches; `field(name)` answers for the record (undefined name: its default text). */
export function matchesSearch(query: SearchQuery, field: (name: string | undefined) => FieldValue): boolean {
  if (query.length === 0) return true;
  return query.some((group) => group.every((t) => matchesTerm(t, field(t.field)) !== t.negated));
}

function matchesTerm(t: SearchTerm, value: FieldValue): boolean {
  switch (value.kind) {
    case 'ignored':
      // An ignored filter must not drop records when negated either.
      return !t.negated;
    case 'boolean':
      return String(value.value) === t.value.toLowerCase();
    case 'number': {
      const wanted = Number(t.value.replace(/^gid:\/\/shopify\/\w+\//, ''));
      return value.value !== null && Number.isFinite(wanted) && compare(value.value, wanted, t.comparator);
    }
    case 'time': {
      const wanted = parseMoment(t.value);
      if (value.ms === null || wanted === undefined) return false;
      // Customers' updated_at matches by whole days (2025-01 argument description): compare dates.
      return value.wholeDays ? compare(dayOf(value.ms), dayOf(wanted), t.comparator) : compare(value.ms, wanted, t.comparator);
    }
    case 'text': {
      const wanted = t.value.toLowerCase();
      if (wanted.endsWith('*')) return value.values.some((v) => v.toLowerCase().startsWith(wanted.slice(0, -1)));
      if (t.field === undefined) return value.values.some((v) => v.toLowerCase().includes(wanted));
      return value.values.some((v) => v.toLowerCase() === wanted);
    }
  }
}

function compare(a: number, b: number, comparator: SearchTerm['comparator']): boolean {
  switch (comparator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      return a === b;
  }
}

function dayOf(ms: number): number {
  return Math.floor(ms / 86_400_000);
}

/** ISO moments, bare dates (midnight UTC), a year, or `now`; the shop's time zone is UTC. */
export function parseMoment(value: string): number | undefined {
  if (value.toLowerCase() === 'now') return Date.now();
  if (/^\d{4}$/.test(value)) return Date.UTC(Number(value), 0, 1);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function term(token: string, negated: boolean): SearchTerm {
  let text = token;
  if (text.startsWith('-') && text.length > 1) {
    negated = !negated;
    text = text.slice(1);
  }
  const match = /^([A-Za-z_][\w.]*):(<=|>=|<|>)?(.*)$/s.exec(text);
  if (!match) return { field: undefined, comparator: '=', value: unquote(text), negated };
  return { field: match[1]!.toLowerCase(), comparator: (match[2] as SearchTerm['comparator'] | undefined) ?? '=', value: unquote(match[3]!), negated };
}

function unquote(value: string): string {
  const m = /^(['"])(.*)\1$/s.exec(value);
  return m ? m[2]! : value;
}

/** Splits on whitespace outside quotes. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      current += ch;
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (current) out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

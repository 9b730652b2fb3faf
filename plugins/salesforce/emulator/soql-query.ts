import type { OrgRecord, OrgStore } from './org-store.js';
import { referenceByRelationship, SOBJECT_FIELDS } from './sobject-fields.js';

/** A parsed query of the subset the emulator answers: `SELECT a, B__r.c FROM X [WHERE f IN (…) | f = '…' | f != null] [ORDER BY f] [LIMIT n]`. */
interface ParsedQuery {
  sobject: string;
  select: string[];
  where?: { field: string; op: 'IN' | '=' | '!=' ; values: (string | null)[] };
  orderBy?: string;
  limit?: number;
}

/** Salesforce's answer to a query it cannot run: 400 with errorCode MALFORMED_QUERY or INVALID_FIELD. */
export class QueryError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a SOQL query against the store: the records as the REST API gives them (attributes, fields, relationships nested). */
export function runQuery(store: OrgStore, soql: string, version: string): Record<string, unknown>[] {
  const query = parse(soql);
  const known = SOBJECT_FIELDS[query.sobject]!;
  const check = (field: string) => {
    if (field !== 'Id' && !known[field]) throw new QueryError('INVALID_FIELD', `No such column '${field}' on entity '${query.sobject}'.`);
  };
  for (const field of query.select) {
    const [first, second] = field.split('.');
    if (second === undefined) check(first!);
    else if (!referenceByRelationship(query.sobject, first!)) throw new QueryError('INVALID_FIELD', `Didn't understand relationship '${first}' in field path.`);
  }
  if (query.where) check(query.where.field);
  let rows = [...store.records[query.sobject]!.values()];
  if (query.where) {
    const { field, op, values } = query.where;
    const value = (r: OrgRecord) => (field === 'Id' ? r.Id : (r.fields[field] ?? null));
    rows = rows.filter((r) => (op === '!=' ? value(r) !== values[0] : values.includes(value(r) as string | null)));
  }
  if (query.orderBy) {
    const by = query.orderBy;
    rows.sort((a, b) => String(by === 'Id' ? a.Id : (a.fields[by] ?? '')).localeCompare(String(by === 'Id' ? b.Id : (b.fields[by] ?? ''))));
  }
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return rows.map((r) => shape(store, query, r, version));
}

function shape(store: OrgStore, query: ParsedQuery, record: OrgRecord, version: string): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: query.sobject, url: `/services/data/v${version}/sobjects/${query.sobject}/${record.Id}` } };
  for (const field of query.select) {
    const [first, second] = field.split('.') as [string, string | undefined];
    if (second === undefined) {
      out[first] = first === 'Id' ? record.Id : (record.fields[first] ?? null);
      continue;
    }
    const [referenceField, info] = referenceByRelationship(query.sobject, first)!;
    const parentId = record.fields[referenceField];
    const parent = typeof parentId === 'string' ? store.get(parentId) : undefined;
    if (!parent) {
      out[first] = null;
      continue;
    }
    const nested = (out[first] as Record<string, unknown> | undefined) ?? { attributes: { type: info.references!.sobject, url: `/services/data/v${version}/sobjects/${info.references!.sobject}/${parent.record.Id}` } };
    nested[second] = second === 'Id' ? parent.record.Id : (parent.record.fields[second] ?? null);
    out[first] = nested;
  }
  return out;
}

const QUERY = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(\w+)(?:\s+ASC)?)?(?:\s+LIMIT\s+(\d+))?\s*$/is;

function parse(soql: string): ParsedQuery {
  const match = QUERY.exec(soql);
  if (!match) throw new QueryError('MALFORMED_QUERY', `unexpected token: the emulator answers SELECT … FROM … [WHERE …] [ORDER BY …] [LIMIT n], not: ${soql.slice(0, 200)}`);
  const sobject = match[2]!;
  if (!SOBJECT_FIELDS[sobject]) throw new QueryError('INVALID_TYPE', `sObject type '${sobject}' is not supported.`);
  const select = match[1]!.split(',').map((f) => f.trim());
  const query: ParsedQuery = { sobject, select, orderBy: match[4], limit: match[5] === undefined ? undefined : Number(match[5]) };
  if (match[3] !== undefined) query.where = parseWhere(match[3]);
  return query;
}

function parseWhere(text: string): NonNullable<ParsedQuery['where']> {
  const m = /^(\w+)\s*(IN|=|!=)\s*(.+)$/is.exec(text.trim());
  if (!m) throw new QueryError('MALFORMED_QUERY', `the emulator answers WHERE field IN (…), field = '…' or field != null, not: ${text.slice(0, 200)}`);
  const op = m[2]!.toUpperCase() as 'IN' | '=' | '!=';
  let rest = m[3]!.trim();
  if (op === 'IN') {
    if (!rest.startsWith('(') || !rest.endsWith(')')) throw new QueryError('MALFORMED_QUERY', 'IN needs a parenthesised list');
    rest = rest.slice(1, -1);
  }
  return { field: m[1]!, op, values: literals(rest) };
}

/** Comma-separated literals: 'quoted' strings with backslash escapes, or null. */
function literals(text: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };
  for (;;) {
    skip();
    if (text.slice(i, i + 4).toLowerCase() === 'null') {
      out.push(null);
      i += 4;
    } else if (text[i] === "'") {
      let value = '';
      i++;
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\') {
          const next = text[i + 1] ?? '';
          if (!(next in escapes)) throw new QueryError('MALFORMED_QUERY', `Invalid string literal: unknown escape \\${next}`);
          value += escapes[next];
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
      if (text[i] !== "'") throw new QueryError('MALFORMED_QUERY', 'unterminated string literal');
      i++;
      out.push(value);
    } else {
      throw new QueryError('MALFORMED_QUERY', `unexpected token near: ${text.slice(i, i + 40)}`);
    }
    skip();
    if (i >= text.length) return out;
    if (text[i] !== ',') throw new QueryError('MALFORMED_QUERY', `expected ',' near: ${text.slice(i, i + 40)}`);
    i++;
  }
}

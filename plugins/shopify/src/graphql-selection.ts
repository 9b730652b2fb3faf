/**
 * A GraphQL selection the client builds its queries from, so each query's text and its requested
 * cost come from one description and cannot drift apart.
 *
 * Cost follows Shopify's published rules (shopify.dev rate-limits page, Shopify Engineering's
 * "Rate limiting GraphQL APIs by calculating query complexity"): a scalar or enum costs 0, an
 * object 1, a connection 2 plus `first` times the cost of one node, a plain list with `first`
 * that many objects. `pageInfo` is counted as one more object, on the safe side.
 *
 * @example
 *   const q = query('Shop', '', [object('shop', ['name'])]);
 *   q.text // 'query Shop { shop { name } }'
 *   q.cost // 1
 */
export type Selection = string | Field;

export interface Field {
  kind: 'object' | 'connection' | 'list';
  name: string;
  /** Arguments as GraphQL text: `{ first: '10', after: '$after', sortKey: 'UPDATED_AT' }`. */
  args: Record<string, string>;
  /** How many nodes a connection or list asks for. */
  first: number;
  fields: Selection[];
}

/** An object-typed field (MoneyBag, MailingAddress, Customer...). */
export function object(name: string, fields: Selection[], args: Record<string, string> = {}): Field {
  return { kind: 'object', name, args, first: 1, fields };
}

/** A connection read through `nodes` with its `pageInfo`; `fields` are one node's. */
export function connection(name: string, first: number, fields: Selection[], args: Record<string, string> = {}): Field {
  return { kind: 'connection', name, args: { first: String(first), ...args }, first, fields };
}

/** A plain list of objects with a `first` argument (Order.refunds, Order.fulfillments). */
export function list(name: string, first: number, fields: Selection[]): Field {
  return { kind: 'list', name, args: { first: String(first) }, first, fields };
}

/** The requested cost of a selection, by Shopify's rules above. */
export function selectionCost(selections: Selection[]): number {
  let cost = 0;
  for (const s of selections) {
    if (typeof s === 'string') continue;
    const node = 1 + selectionCost(s.fields);
    if (s.kind === 'object') cost += node;
    else if (s.kind === 'list') cost += s.first * node;
    else cost += 2 + 1 + s.first * node;
  }
  return cost;
}

function render(selections: Selection[]): string {
  return selections
    .map((s) => {
      if (typeof s === 'string') return s;
      const args = Object.entries(s.args).map(([k, v]) => `${k}: ${v}`).join(', ');
      const head = args ? `${s.name}(${args})` : s.name;
      const body = render(s.fields);
      return s.kind === 'connection' ? `${head} { pageInfo { hasNextPage endCursor } nodes { ${body} } }` : `${head} { ${body} }`;
    })
    .join(' ');
}

/** A query document ready to send, with its requested cost. */
export interface BuiltQuery {
  text: string;
  cost: number;
}

/** Builds `query <name>(<variables>) { ... }`; `variables` is GraphQL text such as `$after: String`. */
export function query(name: string, variables: string, selections: Selection[]): BuiltQuery {
  const head = variables ? `query ${name}(${variables})` : `query ${name}`;
  return { text: `${head} { ${render(selections)} }`, cost: selectionCost(selections) };
}

/**
 * XOQL text, built with care: Xiaoshouyi's query language is SQL-like, and a key is user data,
 * so every literal is quoted here and nowhere else. A quote inside a literal is doubled, as SQL
 * does (UNCONFIRMED for XOQL: no source shows its escape; keys rarely hold quotes).
 */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** An API key (field or object name) is spliced in as is: refuse anything that is not one. */
export function identifier(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`not an XOQL identifier: ${JSON.stringify(name)}`);
  return name;
}

/** `SELECT f1, f2 FROM object WHERE field IN ('a', 'b')`. */
export function selectIn(object: string, fields: string[], field: string, values: string[]): string {
  // Record ids are numbers in Xiaoshouyi: they go in bare.
  const quote = field === 'id' ? (v: string) => (/^[0-9]+$/.test(v) ? v : literal(v)) : literal;
  return `SELECT ${[...new Set(fields)].map(identifier).join(', ')} FROM ${identifier(object)} WHERE ${identifier(field)} IN (${values.map(quote).join(', ')})`;
}

/** One page of the records that carry a value in `field`, in id order. */
export function selectPage(object: string, fields: string[], field: string, limit: number, offset: number): string {
  return `SELECT ${[...new Set(fields)].map(identifier).join(', ')} FROM ${identifier(object)} WHERE ${identifier(field)} IS NOT NULL ORDER BY id LIMIT ${limit} OFFSET ${offset}`;
}

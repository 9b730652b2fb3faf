/**
 * The subset of XOQL the emulator answers, parsed from the text a client sends:
 *
 *   SELECT f1, f2 FROM object
 *     [WHERE field IN (v1, v2) | WHERE field = v | WHERE field IS NOT NULL]
 *     [ORDER BY field [ASC|DESC]] [LIMIT n [OFFSET m]]
 *
 * Literals are 'text' (a quote inside doubled, as SQL does) or numbers. Keywords in any case.
 */
export interface XoqlQuery {
  fields: string[];
  object: string;
  where?: { field: string; op: 'in'; values: (string | number)[] } | { field: string; op: 'not-null' };
  orderBy?: { field: string; desc: boolean };
  limit?: number;
  offset?: number;
}

type Token = { kind: 'word'; text: string } | { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'punct'; text: string };

export class XoqlSyntaxError extends Error {}

export function parseXoql(source: string): XoqlQuery {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const next = (): Token => {
    const token = tokens[i++];
    if (!token) throw new XoqlSyntaxError('XOQL ends too early');
    return token;
  };
  const keyword = (word: string): boolean => {
    const token = peek();
    if (token?.kind === 'word' && token.text.toUpperCase() === word) {
      i++;
      return true;
    }
    return false;
  };
  const expectKeyword = (word: string): void => {
    if (!keyword(word)) throw new XoqlSyntaxError(`XOQL expects ${word} near ${describe(peek())}`);
  };
  const ident = (): string => {
    const token = next();
    if (token.kind !== 'word') throw new XoqlSyntaxError(`XOQL expects a field or object name, found ${describe(token)}`);
    return token.text;
  };
  const punct = (text: string): boolean => {
    const token = peek();
    if (token?.kind === 'punct' && token.text === text) {
      i++;
      return true;
    }
    return false;
  };
  const literal = (): string | number => {
    const token = next();
    if (token.kind === 'text') return token.text;
    if (token.kind === 'number') return token.value;
    throw new XoqlSyntaxError(`XOQL expects a value, found ${describe(token)}`);
  };
  const integer = (): number => {
    const token = next();
    if (token.kind !== 'number' || !Number.isInteger(token.value) || token.value < 0) throw new XoqlSyntaxError(`XOQL expects a count, found ${describe(token)}`);
    return token.value;
  };

  expectKeyword('SELECT');
  const fields = [ident()];
  while (punct(',')) fields.push(ident());
  expectKeyword('FROM');
  const query: XoqlQuery = { fields, object: ident() };
  if (keyword('WHERE')) {
    const field = ident();
    if (keyword('IN')) {
      if (!punct('(')) throw new XoqlSyntaxError('XOQL expects ( after IN');
      const values = [literal()];
      while (punct(',')) values.push(literal());
      if (!punct(')')) throw new XoqlSyntaxError(`XOQL expects ) near ${describe(peek())}`);
      query.where = { field, op: 'in', values };
    } else if (punct('=')) {
      query.where = { field, op: 'in', values: [literal()] };
    } else {
      expectKeyword('IS');
      expectKeyword('NOT');
      expectKeyword('NULL');
      query.where = { field, op: 'not-null' };
    }
  }
  if (keyword('ORDER')) {
    expectKeyword('BY');
    const field = ident();
    const desc = keyword('DESC');
    if (!desc) keyword('ASC');
    query.orderBy = { field, desc };
  }
  if (keyword('LIMIT')) {
    query.limit = integer();
    if (keyword('OFFSET')) query.offset = integer();
  }
  if (peek() !== undefined) throw new XoqlSyntaxError(`XOQL has more than it understands near ${describe(peek())}`);
  return query;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new XoqlSyntaxError('XOQL has an unterminated text literal');
        const d = source[i]!;
        if (d === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += d;
        i++;
      }
      tokens.push({ kind: 'text', text });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(source.slice(i));
      if (!m) throw new XoqlSyntaxError(`XOQL cannot read ${source.slice(i, i + 10)}`);
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else if ('(),=*'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      throw new XoqlSyntaxError(`XOQL cannot read ${JSON.stringify(c)}`);
    }
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (!token) return 'the end';
  if (token.kind === 'number') return String(token.value);
  if (token.kind === 'text') return `'${token.text}'`;
  return token.text;
}

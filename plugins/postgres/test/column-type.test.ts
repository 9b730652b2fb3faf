import { ConfigError } from '@datong/sdk';
import t from 'tap';
import { columnType, isDecimalPattern } from '../src/column-type.js';

const root = {
  $defs: { money: { type: 'string', format: 'decimal' }, when: { type: 'string', format: 'date-time' } },
};

t.test('JSON Schema types map to column types', async (t) => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['string', { type: 'string' }, 'text', 'string'],
    ['date-time', { type: 'string', format: 'date-time' }, 'timestamptz', 'string'],
    ['date', { type: 'string', format: 'date' }, 'date', 'string'],
    ['decimal format', { type: 'string', format: 'decimal' }, 'numeric', 'string'],
    ['decimal pattern', { type: 'string', pattern: '^-?\\d+(\\.\\d{1,2})?$' }, 'numeric', 'string'],
    ['digits-only pattern stays text', { type: 'string', pattern: '^\\d+$' }, 'text', 'string'],
    ['integer', { type: 'integer' }, 'bigint', 'integer'],
    ['number', { type: 'number' }, 'numeric', 'number'],
    ['integer or number', { type: ['integer', 'number'] }, 'numeric', 'number'],
    ['boolean', { type: 'boolean' }, 'boolean', 'boolean'],
    ['object', { type: 'object', properties: { a: { type: 'string' } } }, 'jsonb', 'json'],
    ['array', { type: 'array', items: { type: 'string' } }, 'jsonb', 'json'],
    ['nullable string', { type: ['string', 'null'] }, 'text', 'string'],
    ['nullable date-time', { type: ['null', 'string'], format: 'date-time' }, 'timestamptz', 'string'],
    ['anyOf with null', { anyOf: [{ type: 'integer' }, { type: 'null' }] }, 'bigint', 'integer'],
    ['oneOf of two types', { oneOf: [{ type: 'integer' }, { type: 'string' }] }, 'jsonb', 'json'],
    ['mixed types', { type: ['string', 'number'] }, 'jsonb', 'json'],
    ['no type', {}, 'jsonb', 'json'],
    ['string enum', { enum: ['open', 'closed', null] }, 'text', 'string'],
    ['local $ref', { $ref: '#/$defs/money' }, 'numeric', 'string'],
    ['$ref inside a nullable union', { anyOf: [{ $ref: '#/$defs/when' }, { type: 'null' }] }, 'timestamptz', 'string'],
    ['x-sql-type override', { type: 'string', 'x-sql-type': 'numeric(12,2)' }, 'numeric(12,2)', 'string'],
    [
      'x-sql-type with time zone',
      { type: 'string', 'x-sql-type': 'timestamp without time zone' },
      'timestamp without time zone',
      'string',
    ],
  ];
  for (const [name, schema, sql, kind] of cases) t.same(columnType(schema, root), { sql, kind }, name);
});

t.test('an x-sql-type that is not a plain type name is refused before it reaches DDL', async (t) => {
  t.throws(() => columnType({ type: 'string', 'x-sql-type': 'text); DROP TABLE x; --' }, root), ConfigError);
  t.throws(() => columnType({ type: 'string', 'x-sql-type': 42 }, root), ConfigError);
});

t.test('decimal patterns', async (t) => {
  t.ok(isDecimalPattern('^\\d+\\.\\d{2}$'));
  t.ok(isDecimalPattern('^[-+]?[0-9]+(?:\\.[0-9]+)?$'));
  t.notOk(isDecimalPattern('^\\d+$'), 'digits only: an identifier, leading zeros matter');
  t.notOk(isDecimalPattern('^[A-Z]{2}\\.\\d+$'), 'letters are not a number');
});

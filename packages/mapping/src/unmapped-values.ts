import type { CompiledMapping } from './compile-mapping.js';
import { parsePath } from './record-path.js';

/** A source enum value that a value map does not list. */
export interface UnmappedValue {
  /** The target field the map fills. */
  field: string;
  /** The source path whose enum the value comes from. */
  sourceField: string;
  value: string;
  file?: string;
  line?: number;
}

type Schema = { [key: string]: unknown } | boolean;

/**
 * The check behind `datong validate`: for every value map whose source field declares an `enum`
 * in the source stream's JSON Schema, each enum value the map does not list. Follows nested
 * `properties`, `items` (for `each` and `[n]` paths) and `anyOf`/`oneOf` branches (such as the
 * `{ type: null }` beside an enum). Null is never reported: empty values pass a map untouched.
 *
 * @example
 *   unmappedValues(compileMapping(spec), ordersSchema) // [{ field: 'status', sourceField: 'status', value: 'REFUNDING', file: 'orders.map.yaml', line: 12 }]
 */
export function unmappedValues(mapping: Pick<CompiledMapping, 'enums'>, sourceSchema: Schema): UnmappedValue[] {
  const out: UnmappedValue[] = [];
  for (const map of mapping.enums()) {
    const listed = new Set(map.values);
    const values = enumAt(sourceSchema, map.from);
    for (const value of values) {
      if (value === null) continue;
      const text = String(value);
      if (listed.has(text)) continue;
      out.push({
        field: map.field, sourceField: map.from, value: text,
        ...(map.file === undefined ? {} : { file: map.file }), ...(map.line === undefined ? {} : { line: map.line }),
      });
    }
  }
  return out;
}

function enumAt(schema: Schema, path: string): unknown[] {
  // `items[].status` (inside an `each`) and `items[0].status` both step into `items`.
  const steps: (string | typeof ITEM)[] = [];
  for (const segment of path.split('[]')) {
    if (steps.length > 0) steps.push(ITEM);
    for (const p of parsePath(segment.replace(/^\./, ''))) steps.push(typeof p === 'number' ? ITEM : p);
  }
  let nodes: Schema[] = [schema];
  for (const step of steps) {
    const next: Schema[] = [];
    for (const node of nodes.flatMap(branches)) {
      if (typeof node !== 'object') continue;
      if (step === ITEM) {
        if (node.items !== undefined) next.push(node.items as Schema);
      } else {
        const props = node.properties as Record<string, Schema> | undefined;
        const child = props?.[step];
        if (child !== undefined) next.push(child);
      }
    }
    nodes = next;
  }
  const values: unknown[] = [];
  for (const node of nodes.flatMap(branches)) {
    if (typeof node !== 'object') continue;
    if (Array.isArray(node.enum)) values.push(...(node.enum as unknown[]));
    if ('const' in node) values.push(node.const);
  }
  return [...new Set(values)];
}

const ITEM = Symbol('item');

/** A schema and every `anyOf`/`oneOf`/`allOf` branch below it. */
function branches(schema: Schema): Schema[] {
  if (typeof schema !== 'object') return [schema];
  const out: Schema[] = [schema];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list as Schema[]) out.push(...branches(s));
  }
  return out;
}

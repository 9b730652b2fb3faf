type Schema = Record<string, unknown>;

/**
 * One sign that a platform changed its side of a stream's contract: a field the stream's schema
 * does not declare, or a value outside an `enum` (or `const`) it declares. Paths name fields with
 * dots and array elements with `[]`: `note_attributes[].gift`.
 */
export type DriftFinding =
  | { kind: 'field'; path: string }
  | { kind: 'value'; path: string; value: unknown };

/** Checks records against one stream schema, compiled once. */
export interface DriftDetector {
  /** The drift in one record, each path and value once; undefined when there is none (the common case, which allocates nothing). */
  check(record: unknown): DriftFinding[] | undefined;
}

/**
 * Compiles a stream's JSON Schema into a drift detector, or undefined when nothing in it can
 * drift (no `properties` that close an object, no `enum` or `const`).
 *
 * An object's undeclared keys are drift unless the schema expects extra keys there
 * (`additionalProperties` or `unevaluatedProperties` true or a schema, or `patternProperties`);
 * `additionalProperties: false` and no `additionalProperties` both make them drift. An object
 * schema without `properties` describes no keys and is not checked. The detector follows
 * `properties`, `items`, `allOf`, `anyOf`, `oneOf` and `$ref` within the same document (other
 * documents and `$anchor`s are not checked). What any branch of a union declares is declared.
 * A value is drift when some branch declares an enum or const and no branch admits the value:
 * by membership where the branch has an enum, by type where it has none. So in
 * `{ anyOf: [{ enum: ['a', 'b'] }, { type: 'null' }] }` null is fine and `'c'` is drift.
 *
 * @example
 * const detector = createDriftDetector(orderSchema);
 * const findings = detector?.check(record); // [{ kind: 'value', path: 'financial_status', value: 'on_hold' }]
 */
export function createDriftDetector(schema: Record<string, unknown>): DriftDetector | undefined {
  const compiler = new Compiler(schema);
  const root = compiler.compile(schema);
  compiler.finish();
  return root.live ? new Detector(root) : undefined;
}

/** At most this many findings per record: a record with a thousand unknown keys is one story. */
const MAX_FINDINGS = 100;

class Detector implements DriftDetector {
  private found: DriftFinding[] | undefined;
  /** The path being walked, reused between records; '[]' marks an array element. */
  private readonly path: string[] = [];

  constructor(private readonly root: Shape) {}

  check(record: unknown): DriftFinding[] | undefined {
    this.path.length = 0;
    this.found = undefined;
    this.walk(this.root, record);
    const found = this.found;
    this.found = undefined;
    return found;
  }

  private walk(shape: Shape, value: unknown): void {
    if (value === undefined) return;
    if (shape.accepts !== undefined && !shape.accepts(value)) this.report({ kind: 'value', path: joinPath(this.path), value });
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const items = shape.items;
      if (items === undefined || !items.live) return;
      this.path.push('[]');
      for (let i = 0; i < value.length; i++) this.walk(items, value[i]);
      this.path.pop();
      return;
    }
    const props = shape.props;
    if (props === undefined) return;
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const child = props.get(key);
      if (child === undefined) {
        if (shape.closed) this.report({ kind: 'field', path: joinPath(this.path, key) });
      } else if (child.live) {
        this.path.push(key);
        this.walk(child, object[key]);
        this.path.pop();
      }
    }
  }

  private report(finding: DriftFinding): void {
    const found = (this.found ??= []);
    if (found.length >= MAX_FINDINGS) return;
    // An unknown field in every line item is one finding for the record, not one per line.
    if (!found.some((f) => sameFinding(f, finding))) found.push(finding);
  }
}

function sameFinding(a: DriftFinding, b: DriftFinding): boolean {
  if (a.kind === 'field') return b.kind === 'field' && a.path === b.path;
  return b.kind === 'value' && a.path === b.path && Object.is(a.value, b.value);
}

function joinPath(segments: readonly string[], last?: string): string {
  let out = '';
  for (const s of segments) out = s === '[]' || out === '' ? out + s : `${out}.${s}`;
  if (last === undefined) return out;
  return out === '' ? last : `${out}.${last}`;
}

/**
 * What the detector knows about one place in a record. Merged shapes (unions, `allOf`, `$ref`)
 * are filled in lazily by `build`, so a `$ref` cycle (a category whose `parent` is a category)
 * compiles: a merge reads its members only once all of them exist.
 */
interface Shape {
  /** The JSON types admitted; undefined: any. */
  types?: ReadonlySet<string>;
  /** The declared properties, when the schema describes an object's keys. */
  props?: Map<string, Shape>;
  /** Keys outside `props` are drift. */
  closed: boolean;
  items?: Shape;
  /** Whether the enums and consts that apply here admit a value; undefined where none apply. */
  accepts?: (value: unknown) => boolean;
  /** Something here or below can drift: worth walking into. */
  live: boolean;
  build?: () => void;
}

function resolved(shape: Shape): Shape {
  const build = shape.build;
  if (build !== undefined) {
    shape.build = undefined;
    build();
  }
  return shape;
}

class Compiler {
  private readonly shapes: Shape[] = [];
  private readonly refs = new Map<string, Shape>();

  constructor(private readonly root: Schema) {}

  compile(schema: unknown): Shape {
    if (!isObject(schema)) return this.shape(); // true or false: nothing to compare with
    const parts: Shape[] = [];
    const own = this.own(schema);
    if (own !== undefined) parts.push(own);
    if (typeof schema.$ref === 'string') parts.push(this.ref(schema.$ref));
    if (Array.isArray(schema.allOf)) for (const s of schema.allOf) parts.push(this.compile(s));
    for (const keyword of ['anyOf', 'oneOf']) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) parts.push(this.union(branches.map((s) => this.compile(s))));
    }
    // `{ description, $ref }` is its target itself: no merge, and cycles stay plain references.
    return parts.length === 1 ? parts[0]! : this.intersect(parts);
  }

  /** Resolves every shape and works out which are worth walking into. */
  finish(): void {
    for (let i = 0; i < this.shapes.length; i++) resolved(this.shapes[i]!); // resolving may add shapes
    for (const s of this.shapes) s.live = (s.props !== undefined && s.closed) || s.accepts !== undefined;
    for (let changed = true; changed;) {
      changed = false;
      for (const s of this.shapes) {
        if (s.live) continue;
        if ((s.items?.live ?? false) || (s.props !== undefined && [...s.props.values()].some((c) => c.live))) s.live = changed = true;
      }
    }
  }

  private shape(fields: Partial<Shape> = {}): Shape {
    const shape: Shape = { closed: false, live: false, ...fields };
    this.shapes.push(shape);
    return shape;
  }

  /** The schema's own keywords, without its `$ref` and combinators; undefined when it has none that matter here. */
  private own(s: Schema): Shape | undefined {
    const types = typesOf(s);
    const accepts = enumRule(s);
    const describesKeys = 'properties' in s || 'additionalProperties' in s || 'patternProperties' in s || 'unevaluatedProperties' in s;
    if (types === undefined && accepts === undefined && !describesKeys && !('items' in s)) return undefined;
    const shape = this.shape({ types, accepts });
    if (describesKeys) {
      const props = new Map<string, Shape>();
      if (isObject(s.properties)) for (const [key, sub] of Object.entries(s.properties)) props.set(key, this.compile(sub));
      shape.props = props;
      const patterns = isObject(s.patternProperties) && Object.keys(s.patternProperties).length > 0;
      shape.closed = !patterns && !expectsExtra(s.additionalProperties) && !expectsExtra(s.unevaluatedProperties);
    }
    if ('items' in s) shape.items = this.compile(s.items);
    return shape;
  }

  private ref(ref: string): Shape {
    const known = this.refs.get(ref);
    if (known !== undefined) return known;
    const target = resolvePointer(this.root, ref);
    const shape = this.shape();
    this.refs.set(ref, shape);
    if (target === undefined) return shape; // another document: nothing to compare with
    shape.build = () => {
      const t = resolved(this.compile(target));
      Object.assign(shape, { types: t.types, props: t.props, closed: t.closed, items: t.items, accepts: t.accepts });
    };
    return shape;
  }

  /** anyOf/oneOf: what any branch declares is declared; a value is fine when some branch admits it. */
  private union(branches: Shape[]): Shape {
    if (branches.length === 1) return branches[0]!;
    return this.merged(() => {
      const members = branches.map(resolved);
      const out: Partial<Shape> = { types: members.some((m) => m.types === undefined) ? undefined : new Set(members.flatMap((m) => [...m.types!])) };
      const objects = members.filter((m) => admitsType(m.types, 'object'));
      if (objects.some((m) => m.props !== undefined)) {
        // A branch that admits any object (no properties, or extra keys expected) admits the key.
        out.closed = objects.every((m) => m.props !== undefined && m.closed);
        out.props = mergeProps(objects, (shapes) => this.union(shapes));
      }
      const arrays = members.filter((m) => admitsType(m.types, 'array'));
      if (arrays.some((m) => m.items !== undefined)) out.items = this.union(arrays.map((m) => m.items ?? this.shape()));
      if (members.some((m) => m.accepts !== undefined)) {
        const rules = members.map((m) => m.accepts ?? ((v: unknown) => admitsValue(m.types, v)));
        out.accepts = (v) => rules.some((rule) => rule(v));
      }
      return out;
    });
  }

  /** allOf, or keywords beside a `$ref`: every part applies, and what any part declares is declared. */
  private intersect(parts: Shape[]): Shape {
    if (parts.length === 0) return this.shape();
    return this.merged(() => {
      const members = parts.map(resolved);
      const out: Partial<Shape> = { types: intersectTypes(members) };
      const described = members.filter((m) => m.props !== undefined);
      if (described.length > 0) {
        out.closed = described.every((m) => m.closed);
        out.props = mergeProps(described, (shapes) => this.intersect(shapes));
      }
      const items = members.flatMap((m) => (m.items === undefined ? [] : [m.items]));
      if (items.length > 0) out.items = items.length === 1 ? items[0] : this.intersect(items);
      const rules = members.flatMap((m) => (m.accepts === undefined ? [] : [m.accepts]));
      if (rules.length > 0) out.accepts = rules.length === 1 ? rules[0] : (v) => rules.every((rule) => rule(v));
      return out;
    });
  }

  private merged(fill: () => Partial<Shape>): Shape {
    const shape = this.shape();
    shape.build = () => Object.assign(shape, fill());
    return shape;
  }
}

function mergeProps(members: Shape[], combine: (shapes: Shape[]) => Shape): Map<string, Shape> {
  const maps = members.flatMap((m) => (m.props === undefined ? [] : [m.props]));
  if (maps.length === 1) return maps[0]!;
  const byKey = new Map<string, Shape[]>();
  for (const map of maps) for (const [key, shape] of map) byKey.set(key, [...(byKey.get(key) ?? []), shape]);
  return new Map([...byKey].map(([key, shapes]) => [key, shapes.length === 1 ? shapes[0]! : combine(shapes)]));
}

function expectsExtra(keyword: unknown): boolean {
  return keyword === true || isObject(keyword);
}

/** The types a schema admits: its `type`, else the types of its enum values; undefined when any. */
function typesOf(s: Schema): ReadonlySet<string> | undefined {
  if (typeof s.type === 'string') return new Set([s.type]);
  if (Array.isArray(s.type)) return new Set(s.type.filter((t): t is string => typeof t === 'string'));
  const values = enumValues(s);
  return values === undefined ? undefined : new Set(values.map(jsonType));
}

function enumValues(s: Schema): unknown[] | undefined {
  if (!Array.isArray(s.enum) && !('const' in s)) return undefined;
  return [...(Array.isArray(s.enum) ? s.enum : []), ...('const' in s ? [s.const] : [])];
}

function enumRule(s: Schema): ((value: unknown) => boolean) | undefined {
  const values = enumValues(s);
  if (values === undefined) return undefined;
  const plain = new Set(values.filter((v) => v === null || typeof v !== 'object'));
  const structured = new Set(values.filter((v) => v !== null && typeof v === 'object').map((v) => JSON.stringify(v)));
  if (structured.size === 0) return (v) => plain.has(v);
  return (v) => plain.has(v) || (v !== null && typeof v === 'object' && structured.has(JSON.stringify(v)));
}

function intersectTypes(members: Shape[]): ReadonlySet<string> | undefined {
  let out: Set<string> | undefined;
  for (const { types } of members) {
    if (types === undefined) continue;
    if (out === undefined) {
      out = new Set(types);
      continue;
    }
    if (out.has('number') && types.has('integer')) out.add('integer');
    for (const t of out) if (!types.has(t) && !(t === 'integer' && types.has('number'))) out.delete(t);
  }
  return out;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'bigint' ? 'number' : typeof value;
}

function admitsType(types: ReadonlySet<string> | undefined, type: string): boolean {
  return types === undefined || types.has(type);
}

function admitsValue(types: ReadonlySet<string> | undefined, value: unknown): boolean {
  if (types === undefined) return true;
  const type = jsonType(value);
  return types.has(type) || (type === 'number' && types.has('integer') && Number.isInteger(value));
}

/** The schema a same-document `$ref` (`#/$defs/address`) points at; undefined for other documents. */
function resolvePointer(root: Schema, ref: string): unknown {
  if (ref !== '#' && !ref.startsWith('#/')) return undefined; // another document, or an anchor
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isObject(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

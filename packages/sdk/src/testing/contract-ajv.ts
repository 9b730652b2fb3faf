import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { commerceModels } from '@datong/schemas';

/** datong's own schema keywords: annotations the engine reads, not validation. */
const DATONG_KEYWORDS = ['x-secret', 'x-key', 'x-sql-type'];

/**
 * An Ajv set up like the engine's (draft 2020-12, formats, `decimal`, datong's keywords, the
 * commerce models by `$id`), but strict about schemas: a misspelt keyword (`requried`) or an
 * unknown format is an error here, where the engine would silently ignore it. Any other `x-`
 * keyword a plugin's schemas use is accepted as an annotation. (The SDK cannot import the
 * engine's `createAjv`: the engine depends on the SDK, not the other way round.)
 */
export function createContractAjv(options: { schemas?: unknown[]; coerce?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    // Type and tuple strictness only log warnings, which would be noise in every plugin's output.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    coerceTypes: options.coerce ?? false,
  });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
  const keywords = new Set(DATONG_KEYWORDS);
  for (const schema of options.schemas ?? []) collectVendorKeywords(schema, keywords);
  for (const keyword of keywords) ajv.addKeyword({ keyword });
  for (const schema of Object.values(commerceModels)) ajv.addSchema(schema);
  return ajv;
}

/** Compiles `schema`, turning Ajv's exception into a message that names what was compiled. */
export function compileOrExplain(ajv: Ajv2020, schema: unknown, what: string): ValidateFunction | string {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return `${what} is not a JSON Schema object`;
  // Two streams may share one schema file: Ajv refuses a second schema with the same $id.
  const id = (schema as { $id?: unknown }).$id;
  const known = typeof id === 'string' ? ajv.getSchema(id) : undefined;
  if (known) return known;
  try {
    return ajv.compile(schema);
  } catch (error) {
    return `${what} does not compile: ${(error as Error).message}`;
  }
}


function collectVendorKeywords(schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectVendorKeywords(item, into);
  } else if (schema !== null && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key.startsWith('x-')) into.add(key);
      collectVendorKeywords(value, into);
    }
  }
}

/**
 * The property names a record schema declares: its own `properties`, and those of the schemas it
 * builds on through `$ref` (a commerce model by `$id`) or `allOf`. For checking that key and
 * cursor fields exist.
 */
export function schemaProperties(ajv: Ajv2020, schema: unknown, depth = 0): Set<string> {
  const names = new Set<string>();
  if (schema === null || typeof schema !== 'object' || depth > 5) return names;
  const s = schema as { properties?: Record<string, unknown>; $ref?: unknown; allOf?: unknown[] };
  for (const name of Object.keys(s.properties ?? {})) names.add(name);
  const referenced = typeof s.$ref === 'string' ? ajv.getSchema(s.$ref)?.schema : undefined;
  for (const part of [referenced, ...(s.allOf ?? [])]) for (const name of schemaProperties(ajv, part, depth + 1)) names.add(name);
  return names;
}

export { describeAjvErrors } from '../describe-ajv-errors.js';

import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { commerceModels } from '@datong/schemas';

/**
 * The one place Ajv is configured: draft 2020-12, formats, datong's own keywords (`x-secret`,
 * `x-key`, `x-sql-type`) and the canonical models registered by `$id`, so a schema can `$ref` them.
 * `coerce` makes an instance for text sources (CSV, spreadsheets) that turns "12.5" into 12.5.
 */
export function createAjv(options: { coerce?: boolean; verbose?: boolean } = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    coerceTypes: options.coerce ?? false,
    verbose: options.verbose ?? false,
  });
  // "fast" formats: the same checks of shape, without the calendar arithmetic that costs a
  // microsecond per timestamp on a million records (values we convert are built valid anyway).
  (addFormats as unknown as (a: Ajv2020, o: { mode: string }) => void)(ajv, { mode: 'fast' });
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
  for (const keyword of ['x-secret', 'x-key', 'x-sql-type']) ajv.addKeyword({ keyword, schemaType: ['boolean', 'array', 'string'] });
  for (const schema of Object.values(commerceModels)) ajv.addSchema(schema);
  return ajv;
}

const byObject = new WeakMap<Ajv2020, WeakMap<object, ValidateFunction>>();

/**
 * Compiles a schema once per Ajv instance: by `$id` when it has one (Ajv refuses a second schema
 * with the same id), else by object identity.
 */
export function compileSchema(ajv: Ajv2020, schema: Record<string, unknown>): ValidateFunction {
  if (typeof schema.$id === 'string') {
    const known = ajv.getSchema(schema.$id);
    if (known) return known;
  }
  let cache = byObject.get(ajv);
  if (!cache) byObject.set(ajv, (cache = new WeakMap()));
  let fn = cache.get(schema);
  if (!fn) cache.set(schema, (fn = ajv.compile(schema)));
  return fn;
}

export { describeAjvErrors } from '@datong/sdk';

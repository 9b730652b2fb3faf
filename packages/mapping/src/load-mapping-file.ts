import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConfigError, type ConfigLocation } from '@datong/sdk';
import { parseLocatedYaml } from './located-yaml.js';
import type { MappingSpec } from './mapping-spec.js';
import { suggest } from './compile-mapping.js';

/** A mapping file, parsed and validated, with a way to find any part of it in the file. */
export interface LoadedMapping {
  file: string;
  spec: MappingSpec;
  /** JSON pointer → file, line and column; pass to `compileMapping` so run-time errors name `file:line`. */
  locate: (pointer: string) => ConfigLocation;
}

let validator: ValidateFunction | undefined;
let schemaCache: Record<string, unknown> | undefined;

/** The mapping file JSON Schema (also shipped as `@datong/mapping/mapping.schema.json`). */
export function mappingSchema(): Record<string, unknown> {
  schemaCache ??= JSON.parse(readFileSync(new URL('../mapping.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return schemaCache;
}

/**
 * Reads a YAML mapping file, keeping line numbers, and validates it against mapping.schema.json.
 * Anything wrong is one `ConfigError` listing each problem with file, line, column and pointer
 * (and a did-you-mean for a misspelt key).
 *
 * @example
 *   const { spec, file, locate } = await loadMappingFile('mappings/tmall-orders.yaml');
 *   const mapping = compileMapping(spec, { file, locate });
 */
export async function loadMappingFile(path: string): Promise<LoadedMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file: path, message: `cannot read the mapping file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }], { cause: error });
  }
  const { value, locate } = parseLocatedYaml(text, path);
  return { file: path, spec: checkMapping(value, locate), locate };
}

/**
 * Validates a mapping held in memory (a file's parsed content, a pipeline's `map:`) against
 * mapping.schema.json.
 *
 * @throws ConfigError listing every problem, each placed by `locate`.
 */
export function checkMapping(value: unknown, locate: (pointer: string) => ConfigLocation): MappingSpec {
  validator ??= new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(mappingSchema());
  if (!validator(value)) {
    throw new ConfigError(explain(validator.errors ?? [], value).map((p) => {
      const at = locate(p.pointer);
      return { ...at, pointer: at.pointer ?? p.pointer, message: p.message };
    }));
  }
  return value as MappingSpec;
}

/** Ajv's errors as the few a person needs: the precise error where a `oneOf` failed, did-you-mean for unknown keys. */
function explain(errors: readonly ErrorObject[], spec: unknown): { pointer: string; message: string }[] {
  const precise = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  // A rule that is an object fails the `type: string` branch too: that noise is dropped when a precise error exists below it.
  const chosen = errors.filter((e) => {
    if (e.keyword === 'type' && e.params && (e.params as { type?: unknown }).type === 'string' && precise.some((p) => p !== e && p.instancePath.startsWith(e.instancePath) && p.keyword !== 'type')) return false;
    if (['oneOf', 'anyOf'].includes(e.keyword)) return !precise.some((p) => p.instancePath.startsWith(e.instancePath));
    return true;
  });
  const out = new Map<string, { pointer: string; message: string }>();
  for (const e of chosen) {
    let pointer = e.instancePath;
    let message: string;
    if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      pointer = `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const allowed = allowedKeys(e.parentSchema);
      message = `unknown key "${name}"${suggest(name, allowed)}`;
    } else if (e.keyword === 'required') {
      message = `missing required key "${(e.params as { missingProperty: string }).missingProperty}"`;
    } else if (e.keyword === 'enum') {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const got = valueAt(spec, pointer);
      message = `must be one of ${allowed.join(', ')}${typeof got === 'string' ? suggest(got, allowed) : ''}`;
    } else {
      message = e.message ?? 'is invalid';
    }
    out.set(`${pointer} ${message}`, { pointer, message });
  }
  return [...out.values()];
}

function allowedKeys(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const p of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { ErrorObject } from 'ajv';
import { checkMapping, parseLocatedYaml, type MappingSpec } from '@datong/mapping';
import { pipelineSchema, type Pipeline } from '@datong/schemas';
import { ConfigError, type ConfigLocation } from '@datong/sdk';
import { createAjv } from './ajv.js';

/** A pipeline file read and validated, able to say where in the file any value came from. */
export interface LoadedPipeline {
  file: string;
  dir: string;
  spec: Pipeline;
  /** The file, line and column of the value at a JSON pointer (or of its nearest parent). */
  locate(pointer: string): ConfigLocation;
  /** Each stage's mapping by stage index, checked against mapping.schema.json, with where its parts are written. */
  mappings: Map<number, { spec: MappingSpec; locate(pointer: string): ConfigLocation }>;
}

const validatePipeline = createAjv({ verbose: true }).compile(pipelineSchema);

/**
 * Reads a YAML or JSON pipeline file and validates it against `pipeline.schema.json`. Every
 * problem is reported at once, each with file, line, column and JSON pointer; a misspelt key gets
 * a "did you mean".
 *
 * @example
 *   const pipeline = await loadPipeline('pipelines/shop.yaml');
 */
export async function loadPipeline(path: string): Promise<LoadedPipeline> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, message: `cannot read the pipeline file: ${(error as Error).message}` }], { cause: error });
  }
  const { value, locate } = parseLocatedYaml(text, file);
  const spec = value as Pipeline;
  const maps = inlineMapFiles(spec, dirname(file), locate);
  const locateAll = maps.size === 0 ? locate : (pointer: string): ConfigLocation => {
    const m = /^\/stages\/(\d+)\/map(\/.*)?$/.exec(pointer);
    const inMap = m ? maps.get(Number(m[1])) : undefined;
    return inMap ? inMap(m![2] ?? '') : locate(pointer);
  };
  if (!validatePipeline(spec)) {
    throw new ConfigError(explain(validatePipeline.errors ?? []).map(({ pointer, message }) => ({ ...locateAll(pointer), pointer, message })));
  }
  const mappings: LoadedPipeline['mappings'] = new Map();
  const problems: (ConfigLocation & { message: string })[] = [];
  spec.stages.forEach((stage, i) => {
    if (stage.map === undefined) return;
    // A map without `fields:` is the older form, its fields alone: `/fields/x` is then written at `/x`.
    const whole = typeof stage.map === 'object' && 'fields' in stage.map;
    const locateMap = (pointer: string) => {
      const at = `/stages/${i}/map${whole ? pointer : pointer.replace(/^\/fields(?=\/|$)/, '')}`;
      return { ...locateAll(at), pointer: at };
    };
    try {
      mappings.set(i, { spec: checkMapping(whole ? stage.map : { fields: stage.map }, locateMap), locate: locateMap });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { file, dir: dirname(file), spec, locate: locateAll, mappings };
}

/**
 * A stage's `map:` may name a mapping file (YAML, beside the pipeline) instead of holding the map:
 * its content takes the map's place, and positions inside it are reported in that file.
 */
function inlineMapFiles(spec: Pipeline, dir: string, locate: (pointer: string) => ConfigLocation): Map<number, (pointer: string) => ConfigLocation> {
  const out = new Map<number, (pointer: string) => ConfigLocation>();
  const problems: (ConfigLocation & { message: string })[] = [];
  (Array.isArray(spec.stages) ? spec.stages : []).forEach((stage, i) => {
    const ref = (stage as { map?: unknown }).map;
    if (typeof ref !== 'string') return;
    const mapFile = resolve(dir, ref);
    let text: string;
    try {
      text = readFileSync(mapFile, 'utf8');
    } catch (error) {
      problems.push({ ...locate(`/stages/${i}/map`), pointer: `/stages/${i}/map`, message: `cannot read the mapping file ${ref}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      return;
    }
    try {
      const parsed = parseLocatedYaml(text, mapFile);
      (stage as { map?: unknown }).map = parsed.value;
      out.set(i, parsed.locate);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

/**
 * Turns Ajv's errors into the few a person needs. `oneOf` reports every branch's failure; when a
 * more precise error sits at or below the same place, only that one is kept.
 */
export function explain(errors: readonly ErrorObject[]): { pointer: string; message: string }[] {
  const precise = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  const chosen = errors.filter((e) => {
    if (!['oneOf', 'anyOf'].includes(e.keyword)) return !isBranchNoise(e, precise);
    return !precise.some((p) => p.instancePath.startsWith(e.instancePath));
  });
  const seen = new Set<string>();
  const out: { pointer: string; message: string }[] = [];
  for (const e of chosen) {
    const item = describe(e);
    const id = `${item.pointer} ${item.message}`;
    if (!seen.has(id)) out.push(item);
    seen.add(id);
  }
  return out;
}

// Inside a oneOf of "string or object", a `type` error on one branch is noise when the other
// branch produced a more specific error at the same place.
function isBranchNoise(e: ErrorObject, precise: readonly ErrorObject[]): boolean {
  if (e.keyword !== 'type') return false;
  return precise.some((p) => p !== e && p.keyword !== 'type' && p.instancePath.startsWith(e.instancePath));
}

function describe(e: ErrorObject): { pointer: string; message: string } {
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const allowed = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
    const guess = allowed.length > 0 ? closest(key, allowed) : undefined;
    const hint = guess !== undefined && distance(key, guess) <= Math.max(2, Math.floor(key.length / 3)) ? `; did you mean "${guess}"?` : '';
    const known = allowed.length > 0 ? ` (known: ${allowed.join(', ')})` : '';
    return { pointer: `${e.instancePath}/${key}`, message: `unknown key "${key}"${hint || known}` };
  }
  if (e.keyword === 'required') {
    return { pointer: e.instancePath, message: `missing required key "${(e.params as { missingProperty: string }).missingProperty}"` };
  }
  if (e.keyword === 'enum') {
    return { pointer: e.instancePath, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { pointer: e.instancePath, message: e.message ?? 'is invalid' };
}

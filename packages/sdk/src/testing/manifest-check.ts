import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pluginManifestSchema, type PluginEntity, type PluginManifest, type PluginPart } from '@datong/schemas';
import type { JsonSchema, Plugin } from '../plugin.js';
import { compileOrExplain, createContractAjv, describeAjvErrors, schemaProperties } from './contract-ajv.js';
import type { ContractTest } from './contract-test.js';

/** What the manifest check could load, for the checks after it (each part may be missing). */
export interface LoadedManifest {
  manifest?: PluginManifest;
  part?: PluginPart;
  configSchema?: JsonSchema;
  /** The streams or objects the manifest declares, by name, with their schema read. */
  entities: Map<string, PluginEntity & { schema?: JsonSchema }>;
}

/**
 * The subtest "manifest is valid": plugin.json against the manifest schema, beside a package.json
 * of the same name and version, declaring the part the plugin exports; its config schema and every
 * stream or object schema compile (strictly: a misspelt keyword fails here, not silently at run
 * time); each declared key and cursor field is a property of its schema.
 */
export async function checkManifest(t: ContractTest, packageDir: string, partName: 'source' | 'sink', plugin: Plugin): Promise<LoadedManifest> {
  const loaded: LoadedManifest = { entities: new Map() };
  await t.test('manifest is valid', async (t) => {
    const file = join(packageDir, 'plugin.json');
    const problems: string[] = [];
    const manifest = readJson(file, problems) as PluginManifest | undefined;
    if (manifest === undefined) return report(t, problems, file);

    const validate = createContractAjv().compile(pluginManifestSchema);
    if (!validate(manifest)) problems.push(`plugin.json breaks the manifest schema: ${describeAjvErrors(validate.errors)}`);
    loaded.manifest = manifest;

    const pkg = readJson(join(packageDir, 'package.json'), problems) as { name?: string; version?: string } | undefined;
    if (pkg && pkg.name !== manifest.name) problems.push(`plugin.json names "${manifest.name}" but package.json "${pkg.name}": the engine finds a plugin by its package name`);
    if (pkg && pkg.version !== manifest.version) problems.push(`plugin.json says version ${manifest.version} but package.json ${pkg.version}`);

    if (!manifest.provides?.includes(partName)) problems.push(`plugin.json does not list "${partName}" in provides`);
    const part = manifest[partName];
    if (!part) problems.push(`plugin.json has no "${partName}" section`);
    if (typeof plugin[partName]?.open !== 'function') problems.push(`the plugin module exports no ${partName} with an open() (definePlugin({ ${partName}: define${partName === 'source' ? 'Source' : 'Sink'}(...) }))`);
    if (!part) return report(t, problems, file);
    loaded.part = part;

    const base = dirname(file);
    const configSchema = schemaOf(part.config, base, `the ${partName} config schema`, problems);
    if (configSchema) {
      const compiled = compileOrExplain(createContractAjv({ schemas: [configSchema] }), configSchema, `the ${partName} config schema`);
      if (typeof compiled === 'string') problems.push(compiled);
      else loaded.configSchema = configSchema;
    }

    for (const entity of (partName === 'source' ? part.streams : part.objects) ?? []) {
      const what = `the schema of ${partName === 'source' ? 'stream' : 'object'} "${entity.name}"`;
      const schema = entity.schema === undefined ? undefined : schemaOf(entity.schema, base, what, problems);
      if (schema) {
        const ajv = createContractAjv({ schemas: [schema] });
        const compiled = compileOrExplain(ajv, schema, what);
        if (typeof compiled === 'string') problems.push(compiled);
        const properties = schemaProperties(ajv, schema);
        for (const field of [...entity.key, ...(entity.cursorField ? [entity.cursorField] : [])]) {
          if (!properties.has(field)) problems.push(`${what} has no property "${field}", which the manifest names as its key or cursor`);
        }
      }
      loaded.entities.set(entity.name, { ...entity, schema });
    }
    report(t, problems, file);
  });
  return loaded;
}

/** A schema given inline or as a path relative to plugin.json, read. */
function schemaOf(value: unknown, base: string, what: string, problems: string[]): JsonSchema | undefined {
  if (typeof value === 'string') return readJson(resolve(base, value), problems, what) as JsonSchema | undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as JsonSchema;
  problems.push(`${what} is neither a path nor a schema object`);
  return undefined;
}

function readJson(file: string, problems: string[], what = file): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`cannot read ${what} (${file}): ${(error as Error).message}`);
    return undefined;
  }
}

function report(t: ContractTest, problems: string[], file: string): void {
  if (problems.length === 0) t.pass(`${file} is a valid manifest`);
  for (const problem of problems) t.fail(problem);
}

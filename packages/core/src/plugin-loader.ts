import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closest } from 'fastest-levenshtein';
import { pluginManifestSchema, type PluginManifest } from '@datong/schemas';
import { ConfigError, type ConfigLocation, type Plugin } from '@datong/sdk';
import type { EmulatorModule } from '@datong/sdk/emulator';
import { createAjv, describeAjvErrors } from './ajv.js';

/** A plugin package found, its manifest validated and its module loaded. */
export interface LoadedPlugin {
  name: string;
  dir: string;
  manifest: PluginManifest;
  plugin: Plugin;
  /** The JSON Schema of a part's config, with `config: "contracts/x.json"` paths read. */
  configSchema(part: 'source' | 'sink'): Record<string, unknown> | undefined;
  /** A sink object the manifest declares, its schema read; undefined when the sink takes any object. */
  sinkObject(name: string): { name: string; key: string[]; schema?: Record<string, unknown> } | undefined;
  /** The objects the manifest declares (empty: any object is accepted). */
  sinkObjects(): string[];
  /** The package's `./emulator` export (its platform emulator), when it ships one. */
  emulator(): Promise<EmulatorModule | undefined>;
}

const ajv = createAjv();
const validateManifest = ajv.compile(pluginManifestSchema);
const cache = new Map<string, Promise<LoadedPlugin>>();

/**
 * Finds a plugin by package name the way Node would from the pipeline file's folder (so a project
 * lists and versions its plugins in its own package.json), validates its `plugin.json`, and loads it.
 */
export function loadPlugin(name: string, fromDir: string, where: ConfigLocation): Promise<LoadedPlugin> {
  const id = `${fromDir}\0${name}`;
  let loaded = cache.get(id);
  if (!loaded) {
    loaded = load(name, fromDir, where);
    cache.set(id, loaded);
    loaded.catch(() => cache.delete(id));
  }
  return loaded;
}

async function load(name: string, fromDir: string, where: ConfigLocation): Promise<LoadedPlugin> {
  const dir = packageDir(name, fromDir);
  if (!dir) {
    const guess = installedPlugins(fromDir);
    const hint = guess.length > 0 ? `; did you mean "${closest(name, guess)}"? (installed: ${guess.join(', ')})` : '';
    throw new ConfigError([{ ...where, message: `plugin "${name}" is not installed where ${fromDir} can find it${hint}` }]);
  }
  const manifestFile = join(dir, 'plugin.json');
  let manifest: PluginManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PluginManifest;
  } catch (error) {
    throw new ConfigError([{ ...where, message: `"${name}" is not a datong plugin: cannot read ${manifestFile} (${(error as Error).message})` }]);
  }
  if (!validateManifest(manifest)) {
    throw new ConfigError([{ file: manifestFile, message: `invalid plugin manifest: ${describeAjvErrors(validateManifest.errors)}` }]);
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const entry = join(dir, entryPoint(pkg, '.')!);
  const module = (await import(pathToFileURL(entry).href)) as { default?: Plugin };
  if (!module.default || typeof module.default !== 'object') {
    throw new ConfigError([{ ...where, message: `"${name}" has no default export made with definePlugin (${pkg.main ?? entry})` }]);
  }
  const plugin = module.default;
  for (const part of manifest.provides) {
    if (part !== 'transform' && !plugin[part]) {
      throw new ConfigError([{ file: manifestFile, message: `the manifest says "${name}" provides a ${part}, but its module exports none` }]);
    }
  }
  return {
    name,
    dir,
    manifest,
    plugin,
    configSchema(part) {
      const schema = manifest[part]?.config;
      if (schema === undefined) return undefined;
      return typeof schema === 'string' ? (JSON.parse(readFileSync(resolve(dir, schema), 'utf8')) as Record<string, unknown>) : schema;
    },
    sinkObject(object) {
      const declared = manifest.sink?.objects?.find((o) => o.name === object);
      if (!declared) return undefined;
      const schema = typeof declared.schema === 'string'
        ? (JSON.parse(readFileSync(resolve(dir, declared.schema), 'utf8')) as Record<string, unknown>)
        : declared.schema;
      return { name: declared.name, key: declared.key, schema };
    },
    sinkObjects() {
      return (manifest.sink?.objects ?? []).map((o) => o.name);
    },
    async emulator() {
      const file = entryPoint(pkg, './emulator');
      if (!file) return undefined;
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as Partial<EmulatorModule>;
      if (typeof mod.startEmulator !== 'function') {
        throw new ConfigError([{ file: join(dir, file), message: `"${name}/emulator" exports no startEmulator()` }]);
      }
      return mod as EmulatorModule;
    },
  };
}

interface PackageJson {
  main?: string;
  exports?: string | Record<string, unknown>;
}

/**
 * The module an `import` of the package (or of its `subpath`, e.g. `./emulator`) loads: its
 * `exports` (import condition first), else `main` for the root. Undefined: no such subpath.
 */
function entryPoint(pkg: PackageJson, subpath: string): string | undefined {
  const exports = pkg.exports;
  const map = typeof exports === 'object' && exports !== null && Object.keys(exports).some((k) => k.startsWith('.')) ? exports : undefined;
  const target = map ? map[subpath] : subpath === '.' ? exports : undefined;
  if (typeof target === 'string') return target;
  if (target && typeof target === 'object') {
    const conditions = target as Record<string, unknown>;
    for (const c of ['import', 'node', 'default', 'require']) if (typeof conditions[c] === 'string') return conditions[c];
  }
  return subpath === '.' ? (pkg.main ?? 'index.js') : undefined;
}

/**
 * The folder of package `name` as Node would find it from `fromDir`: the first
 * `node_modules/<name>` walking up. (Resolving `<name>/package.json` would fail for packages
 * whose `exports` map does not list it.)
 */
function packageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/** Plugin packages installed beside the pipeline (in its node_modules), for a "did you mean". */
function installedPlugins(fromDir: string): string[] {
  const found = new Set<string>();
  for (let dir = fromDir; ; dir = dirname(dir)) {
    for (const scope of ['@datong']) {
      try {
        for (const n of readdirSync(join(dir, 'node_modules', scope))) if (n.startsWith('plugin-')) found.add(`${scope}/${n}`);
      } catch {
        // No such folder at this level: keep walking up.
      }
    }
    try {
      for (const n of readdirSync(join(dir, 'node_modules'))) if (n.startsWith('datong-plugin-')) found.add(n);
    } catch {
      // Same.
    }
    if (dirname(dir) === dir) break;
  }
  return [...found].sort();
}

import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreatePluginError } from './create-plugin-error.js';
import { findWorkspace, isWorkspacePackage, type Workspace } from './find-workspace.js';
import { pluginName, type PluginName } from './plugin-name.js';
import { outputPath, renderTemplate, type TemplateValues } from './render-template.js';

export const PLUGIN_KINDS = ['source', 'sink'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** The SDK range a plugin made outside datong's repository depends on (a test keeps it in step with the SDK). */
export const SDK_RANGE = '^0.1.0';
const MANIFEST_SCHEMA_URL = 'https://datong.dev/schemas/plugin-manifest.schema.json';
const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

export interface CreatePluginOptions {
  /** A short name (`acme-crm`) or a scoped package name (`@acme/datong-plugin-crm`). */
  name: string;
  kind: string;
  /** The new package's folder; default `plugins/<name>` in the workspace, else `./<name>`. */
  dir?: string;
  /** The platform's name for people (`Acme CRM`); default from the name. */
  title?: string;
  /** What a relative `dir` is relative to, and where the workspace is looked for; default the process's. */
  cwd?: string;
}

/** What was made. */
export interface CreatedPlugin {
  dir: string;
  kind: PluginKind;
  name: PluginName;
  /** The files written, relative to `dir`, sorted. */
  files: string[];
  /** The datong workspace the plugin sits in, and whether its pnpm-workspace.yaml lists the folder. */
  workspace?: { root: string; listed: boolean };
}

/**
 * Writes a new plugin package from the templates: manifest, contracts, client, a stream or sink,
 * an emulator and a contract test. Refuses (with a `CreatePluginError`) a bad name or kind and a
 * folder that exists and is not empty; the files appear all at once, or not at all.
 *
 * @example
 *   await createPlugin({ name: 'acme-crm', kind: 'sink', cwd: repoRoot }); // plugins/acme-crm
 */
export async function createPlugin(options: CreatePluginOptions): Promise<CreatedPlugin> {
  const kind = pluginKind(options.kind);
  const name = pluginName(options.name, options.title);
  const cwd = options.cwd ?? process.cwd();
  const home = findWorkspace(cwd);
  const dir = resolve(cwd, options.dir ?? (home?.datong ? join(home.root, 'plugins', name.short) : name.short));
  await refuseExisting(dir, cwd);

  const found = findWorkspace(dirname(dir));
  const workspace = found?.datong ? found : undefined;
  const values = templateValues(name, dir, workspace);
  const layers = ['common', kind, ...(workspace ? [] : ['standalone'])];
  const files = new Map<string, string>();
  for (const layer of layers) {
    for (const template of await templateFiles(join(TEMPLATES, layer))) {
      const text = await readFile(join(TEMPLATES, layer, template), 'utf8');
      files.set(outputPath(template, values), renderTemplate(text, values, `${layer}/${template}`));
    }
  }

  // Written beside the target and renamed into place, so a failure leaves no half-made plugin.
  const staging = `${dir}.creating-${process.pid}`;
  await mkdir(dirname(dir), { recursive: true });
  try {
    for (const [file, text] of files) {
      await mkdir(dirname(join(staging, file)), { recursive: true });
      await writeFile(join(staging, file), text);
    }
    await rm(dir, { recursive: true, force: true }); // an empty folder, checked above
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return {
    dir,
    kind,
    name,
    files: [...files.keys()].sort(),
    workspace: workspace && { root: workspace.root, listed: isWorkspacePackage(workspace, dir) },
  };
}

function pluginKind(kind: string): PluginKind {
  if ((PLUGIN_KINDS as readonly string[]).includes(kind)) return kind as PluginKind;
  throw new CreatePluginError(`--kind must be one of ${PLUGIN_KINDS.join(', ')} (got "${kind}")`);
}

async function refuseExisting(dir: string, cwd: string): Promise<void> {
  const found = await stat(dir).catch(() => undefined);
  if (!found) return;
  const shown = relative(cwd, dir) || '.';
  if (!found.isDirectory()) throw new CreatePluginError(`${shown} exists and is not a folder: choose another name or --dir; nothing was written`);
  if ((await readdir(dir)).length > 0) {
    throw new CreatePluginError(`${shown} already exists and is not empty: choose another name or --dir; nothing was written`);
  }
}

function templateValues(name: PluginName, dir: string, workspace: Workspace | undefined): TemplateValues {
  const fromDir = (file: string) => relative(dir, file).split(sep).join('/');
  return {
    NAME: name.short,
    PACKAGE: name.packageName,
    TITLE: name.title,
    PASCAL: name.pascal,
    CAMEL: name.camel,
    CONST: name.constant,
    SDK_RANGE: workspace ? 'workspace:^' : SDK_RANGE,
    SCHEMA_REF: workspace?.manifestSchema ? fromDir(workspace.manifestSchema) : MANIFEST_SCHEMA_URL,
    TSCONFIG_BASE: workspace?.tsconfigBase ? fromDir(workspace.tsconfigBase) : './tsconfig.base.json',
    // Where codegen says the generated types come from: the contracts folder from the workspace root.
    CONTRACTS: workspace ? [relative(workspace.root, dir).split(sep).join('/'), 'contracts'].join('/') : 'contracts',
  };
}

/** Every file under a template folder, as a relative path with `/` separators. */
async function templateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

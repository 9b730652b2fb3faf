import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** The pnpm workspace a new plugin lands in: its root and the package globs it lists. */
export interface Workspace {
  root: string;
  packages: string[];
  /** The root's tsconfig.base.json, when it has one (a plugin extends it). */
  tsconfigBase?: string;
  /** The root's schemas/plugin-manifest.schema.json, when it has one (plugin.json's $schema). */
  manifestSchema?: string;
  /** Whether this is datong's own repository (it holds @datong/sdk), so `workspace:^` reaches the SDK. */
  datong: boolean;
}

/** The nearest folder at or above `dir` holding a pnpm-workspace.yaml, or undefined outside any workspace. */
export function findWorkspace(dir: string): Workspace | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, 'pnpm-workspace.yaml');
    if (existsSync(file)) {
      const base = join(at, 'tsconfig.base.json');
      const schema = join(at, 'schemas', 'plugin-manifest.schema.json');
      return {
        root: at,
        packages: packageGlobs(readFileSync(file, 'utf8')),
        tsconfigBase: existsSync(base) ? base : undefined,
        manifestSchema: existsSync(schema) ? schema : undefined,
        datong: holdsSdk(at),
      };
    }
    if (dirname(at) === at) return undefined;
  }
}

function holdsSdk(root: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(root, 'packages', 'sdk', 'package.json'), 'utf8')) as { name?: string }).name === '@datong/sdk';
  } catch {
    return false;
  }
}

/**
 * Whether `dir` is a package of the workspace (so `pnpm install` links its `workspace:^`
 * dependencies). Understands the globs pnpm-workspace.yaml files use: `plugins/*`, `tools/**`,
 * an exact folder, and `!` exclusions.
 */
export function isWorkspacePackage(workspace: Workspace, dir: string): boolean {
  const path = relative(workspace.root, dir).split(sep).join('/');
  if (path === '' || path.startsWith('..')) return false;
  let listed = false;
  for (const glob of workspace.packages) {
    const negated = glob.startsWith('!');
    if (globMatches(negated ? glob.slice(1) : glob, path)) listed = !negated;
  }
  return listed;
}

function globMatches(glob: string, path: string): boolean {
  const pattern = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const source = pattern
    .split('/')
    .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
    .join('/');
  return new RegExp(`^${source}$`).test(path);
}

/** The `packages:` list of a pnpm-workspace.yaml; a plain reading that is enough for the lists pnpm documents. */
function packageGlobs(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s+['"]?([^'"#]+?)['"]?\s*(?:#.*)?$/.exec(line);
    if (item) globs.push(item[1]!);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

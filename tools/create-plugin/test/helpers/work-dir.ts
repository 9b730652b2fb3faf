import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

/** tools/create-plugin/ */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The datong repository. */
export const repoRoot = join(packageRoot, '../..');

/**
 * A fresh folder under tools/create-plugin/.test-work/ (gitignored): inside the workspace, so a
 * scaffolded plugin resolves tap, typescript and @types/node the way Node does, walking up.
 * Removed after the test, unless it failed: then it stays for a look.
 */
export async function workDir(t: Test, label: string): Promise<string> {
  const base = join(packageRoot, '.test-work');
  await mkdir(base, { recursive: true });
  const dir = await mkdtemp(join(base, `${label}-`));
  t.teardown(async () => {
    if (t.passing()) await rm(dir, { recursive: true, force: true });
    else t.comment(`kept ${dir}`);
  });
  return dir;
}

/** Makes `node_modules/<name>` in `dir` point at `target`, as pnpm's workspace link would. */
export async function link(dir: string, name: string, target: string): Promise<void> {
  const at = join(dir, 'node_modules', name);
  await mkdir(dirname(at), { recursive: true });
  await symlink(target, at, 'dir');
}

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';

/**
 * A scratch folder inside this package, so a pipeline file written there finds the plugins this
 * package depends on the way a user's project finds its own: through node_modules.
 */
export function workDir(t: Test, name: string): string {
  const dir = join(fileURLToPath(new URL('../../.test-work/', import.meta.url)), `${name}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`);
  mkdirSync(dir, { recursive: true });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * This package's root: the folder holding plugin.json, found by walking up from this file, so it
 * is the same from src/ (tests under tap), from dist/src/ (the built package) or from any other
 * build folder.
 */
export function packageDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'plugin.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no plugin.json in any folder above ${fileURLToPath(import.meta.url)}`);
  }
}

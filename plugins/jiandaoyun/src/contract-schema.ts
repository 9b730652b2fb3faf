import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonSchema } from '@datong/sdk';
import { packageDir } from './package-dir.js';

/** A schema from this package's contracts/ folder: the same file plugin.json names, so the manifest and the code cannot disagree. */
export function contractSchema(file: string): JsonSchema {
  return JSON.parse(readFileSync(join(packageDir(), 'contracts', file), 'utf8')) as JsonSchema;
}

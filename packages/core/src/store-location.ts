import { join } from 'node:path';
import type { OpenStoreOptions } from '@datong/store';
import type { PreparedPipeline } from './prepare-pipeline.js';

/**
 * Where a pipeline's state store is, first match wins: the `--state` flag (`embedded` forces the
 * embedded store), the pipeline's `state:`, `DATABASE_URL`, else the embedded store in `.datong/`
 * beside the pipeline file.
 */
export function storeLocation(p: Pick<PreparedPipeline, 'stateUrl' | 'loaded'>, flag?: string, env: NodeJS.ProcessEnv = process.env): OpenStoreOptions {
  const dir = join(p.loaded.dir, '.datong');
  if (flag === 'embedded') return { dir };
  const url = flag ?? p.stateUrl ?? (env.DATABASE_URL || undefined);
  return url ? { url, dir } : { dir };
}

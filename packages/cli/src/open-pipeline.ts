import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { loadPipeline, preparePipeline, storeLocation, type PreparedPipeline } from '@datong/core';
import { openStore, type Store } from '@datong/store';

/** Loads, validates and prepares a pipeline file: every config problem is thrown at once. */
export async function openPipeline(file: string): Promise<PreparedPipeline> {
  const loaded = await loadPipeline(file);
  return preparePipeline(loaded, withDotEnv(loaded.dir, process.env));
}

/**
 * The environment, plus the variables of a `.env` file beside the pipeline (where `datong init`
 * and `datong emulate --write-env` put credentials). A variable already set wins over the file.
 */
function withDotEnv(dir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = join(dir, '.env');
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}

/** Opens the pipeline's state store (see `storeLocation`). */
export async function openPipelineStore(p: PreparedPipeline, stateFlag: string | undefined, command: string): Promise<Store> {
  const where = storeLocation(p, stateFlag);
  if (where.url) p.redactor.add(where.url);
  return openStore({ ...where, command });
}

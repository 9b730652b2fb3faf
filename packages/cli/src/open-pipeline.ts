import { loadPipeline, preparePipeline, storeLocation, type PreparedPipeline } from '@datong/core';
import { openStore, type Store } from '@datong/store';

/** Loads, validates and prepares a pipeline file: every config problem is thrown at once. */
export async function openPipeline(file: string): Promise<PreparedPipeline> {
  return preparePipeline(await loadPipeline(file));
}

/** Opens the pipeline's state store (see `storeLocation`). */
export async function openPipelineStore(p: PreparedPipeline, stateFlag: string | undefined, command: string): Promise<Store> {
  const where = storeLocation(p, stateFlag);
  if (where.url) p.redactor.add(where.url);
  return openStore({ ...where, command });
}

import { ConfigError } from '@datong/sdk';
import type { PreparedPipeline } from './prepare-pipeline.js';

/**
 * Places a plugin's config error in the pipeline file: the plugin knows the pointer within its own
 * config (`/streams/orders/encoding`), the engine knows where that config is written.
 */
export async function inPipeline<T>(p: PreparedPipeline, kind: 'sources' | 'sinks', name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (!(error instanceof ConfigError) || error.problems.every((x) => x.file === p.loaded.file)) throw error;
    throw new ConfigError(error.problems.map((problem) => {
      if (problem.file === p.loaded.file || problem.pointer === undefined) return problem;
      const pointer = `/${kind}/${name}/config${problem.pointer}`;
      const about = problem.file ? ` (${problem.file})` : '';
      return { ...p.loaded.locate(pointer), pointer, message: `${problem.message}${about}` };
    }), { cause: error });
  }
}


import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** tools/bench, found from this file's place in dist/ so the bench runs from any cwd. */
export const BENCH_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST_DIR = join(BENCH_ROOT, 'dist');
export const DATA_DIR = join(BENCH_ROOT, 'data');
export const RESULTS_DIR = join(BENCH_ROOT, 'results');
export const EXPORT_SCHEMA_PATH = join(BENCH_ROOT, 'contracts', 'orders-export.schema.json');
export const PIPELINE_TEMPLATE_PATH = join(BENCH_ROOT, 'pipelines', 'orders.yaml');
/** The datong CLI built by packages/cli; DATONG_BIN points the bench at another build. */
export const DATONG_BIN =
  process.env.DATONG_BIN ?? join(BENCH_ROOT, '..', '..', 'packages', 'cli', 'dist', 'bin.js');

export function ordersFilePath(records: number): string {
  return join(DATA_DIR, `orders-${records}.ndjson`);
}

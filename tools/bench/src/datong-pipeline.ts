import { readFile, writeFile } from 'node:fs/promises';
import { DATA_DIR, EXPORT_SCHEMA_PATH, PIPELINE_TEMPLATE_PATH } from './bench-paths.js';
import { join, basename } from 'node:path';

/**
 * pipelines/orders.yaml with the stream's `path` and `schema` pointed at absolute paths for
 * this run's file. The copy goes next to the data (data/ is gitignored) rather than to /tmp:
 * at the same depth the `$schema` comment still resolves, and plugins resolve by package name
 * from tools/bench's node_modules. Editing is textual so the template stays the one place the
 * mapping is written; if the lead changes the stream line's shape, this says so loudly.
 */
export async function writeDatongPipeline(ordersFile: string): Promise<string> {
  const template = await readFile(PIPELINE_TEMPLATE_PATH, 'utf8');
  const rendered = replaceOnce(
    replaceOnce(template, /(orders:\s*\{\s*path:\s*)[^,}]+/, ordersFile),
    /(\bschema:\s*)[^,}\s]+/,
    EXPORT_SCHEMA_PATH,
  );
  const target = join(DATA_DIR, basename(ordersFile).replace(/\.ndjson$/, '.pipeline.yaml'));
  await writeFile(target, rendered);
  return target;
}

function replaceOnce(text: string, pattern: RegExp, value: string): string {
  if (!pattern.test(text)) {
    throw new Error(`${PIPELINE_TEMPLATE_PATH}: found no ${pattern.source} to point at ${value}`);
  }
  // A JSON string is a valid YAML double-quoted scalar, so any path is safe to put in.
  return text.replace(pattern, (_, key: string) => key + JSON.stringify(value));
}

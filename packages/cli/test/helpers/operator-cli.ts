import { readFileSync, writeFileSync } from 'node:fs';
import type { CliResult } from './cli-process.js';
import type { CrmProject } from './crm-project.js';

/** The objects a `--json` listing printed, one per line (`review list`, `dead-letters list`, `audit`). */
export function jsonLines<T = Record<string, any>>(result: CliResult): T[] {
  return result.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as T);
}

/** Rewrites a project file (the pipeline, a mapping) as a user would in an editor. */
export function editFile(path: string, edit: (text: string) => string): void {
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  if (after === before) throw new Error(`editing ${path} changed nothing`);
  writeFileSync(path, after);
}

/** Adds top-level keys (YAML text) to the end of the pipeline file. */
export function appendToPipeline(p: CrmProject, yaml: string): void {
  editFile(p.pipeline, (text) => `${text.trimEnd()}\n${yaml.trim()}\n`);
}

/** The HubSpot deals datong wrote, by their key (the Shopify order's gid). */
export function dealsByKey(p: CrmProject): Map<string, Record<string, string>> {
  return new Map(p.crm.store.dump().deals.map((d) => [d.properties.datong_key!, d.properties]));
}

/** The Shopify gid of an emulated order or customer, the key datong gives its records. */
export const orderGid = (id: number | string) => `gid://shopify/Order/${id}`;
export const customerGid = (id: number | string) => `gid://shopify/Customer/${id}`;

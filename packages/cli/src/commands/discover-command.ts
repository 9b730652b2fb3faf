import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPlugin } from '@datong/core';
import { ExitCode } from '../exit-codes.js';

type Schema = { properties?: Record<string, Schema & { 'x-secret'?: boolean; description?: string; default?: unknown }>; required?: string[]; type?: unknown; enum?: unknown[]; format?: string; description?: string };

/**
 * `datong discover <plugin>`: what a plugin offers, read from its manifest: each part's config
 * fields (secrets marked), and its streams or objects with key, cursor and record fields.
 */
export async function discoverCommand(name: string, flags: { json?: boolean; from?: string }): Promise<number> {
  const from = resolve(flags.from ?? process.cwd());
  const plugin = await loadPlugin(pluginName(name), from, { pointer: '' });
  const m = plugin.manifest;
  const emulator = await plugin.emulator();
  const parts = (['source', 'sink'] as const).filter((part) => m[part]).map((part) => {
    const spec = m[part]!;
    const entities = (part === 'source' ? spec.streams : spec.objects) ?? [];
    return {
      part,
      description: spec.description,
      supports: spec.supports ?? {},
      config: plugin.configSchema(part) as Schema | undefined,
      entities: entities.map((e) => ({ name: e.name, key: e.key, cursorField: e.cursorField, schema: readSchema(plugin.dir, e.schema) })),
    };
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ name: m.name, version: m.version, title: m.title, description: m.description, emulator: emulator !== undefined, parts })}\n`);
    return ExitCode.ok;
  }
  const out = [`${m.name}@${m.version}${m.title ? ` — ${m.title}` : ''}`, m.description ?? '', ''];
  for (const part of parts) {
    out.push(`${part.part}: ${part.description ?? ''}`);
    const supports = Object.entries(part.supports).filter(([, v]) => v).map(([k]) => k);
    if (supports.length > 0) out.push(`  supports: ${supports.join(', ')}`);
    out.push('  config:');
    out.push(...fields(part.config, '    '));
    out.push(`  ${part.part === 'source' ? 'streams' : 'objects'}:${part.entities.length === 0 ? ' from the config' : ''}`);
    for (const e of part.entities) {
      out.push(`    ${e.name}  key [${e.key.join(', ')}]${e.cursorField ? `  cursor ${e.cursorField}` : ''}`);
      out.push(...fields(e.schema, '      '));
    }
    out.push('');
  }
  if (emulator) out.push(`emulator: datong emulate ${name} (runs ${emulator.platform}'s emulator on 127.0.0.1)`);
  process.stdout.write(`${out.join('\n')}\n`);
  return ExitCode.ok;
}

/** `shopify` → `@datong/plugin-shopify`; a full package name stays as it is. */
export function pluginName(name: string): string {
  return name.includes('/') || name.startsWith('datong-plugin-') ? name : `@datong/plugin-${name}`;
}

function readSchema(dir: string, schema: unknown): Schema | undefined {
  if (typeof schema === 'object' && schema !== null) return schema as Schema;
  if (typeof schema !== 'string') return undefined;
  return JSON.parse(readFileSync(resolve(dir, schema), 'utf8')) as Schema;
}

function fields(schema: Schema | undefined, indent: string): string[] {
  if (!schema?.properties) return [`${indent}(free-form)`];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([k, v]) => {
    const type = v.enum ? `one of ${v.enum.map((x) => JSON.stringify(x)).join('|')}` : [v.type, v.format].filter(Boolean).join(' ');
    const marks = [required.has(k) ? 'required' : '', v['x-secret'] ? 'secret: from the environment' : '', v.default !== undefined ? `default ${JSON.stringify(v.default)}` : ''].filter(Boolean);
    return `${indent}${k}: ${type}${marks.length ? ` (${marks.join(', ')})` : ''}${v.description ? ` — ${v.description}` : ''}`;
  });
}

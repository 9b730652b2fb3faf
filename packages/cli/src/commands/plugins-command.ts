import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExitCode } from '../exit-codes.js';

interface Found { name: string; version: string; provides: string[]; description: string; dir: string }

/**
 * `datong plugins [dir]`: the datong plugins installed where a pipeline in `dir` would find them
 * (every package in node_modules, walking up, that ships a `plugin.json`).
 */
export async function pluginsCommand(dir: string | undefined, flags: { json?: boolean }): Promise<number> {
  const found = new Map<string, Found>();
  for (let d = resolve(dir ?? process.cwd()); ; d = dirname(d)) {
    const nm = join(d, 'node_modules');
    for (const entry of safeList(nm)) {
      const names = entry.startsWith('@') ? safeList(join(nm, entry)).map((n) => `${entry}/${n}`) : [entry];
      for (const name of names) {
        if (found.has(name)) continue;
        const manifest = join(nm, name, 'plugin.json');
        if (!existsSync(manifest)) continue;
        try {
          const m = JSON.parse(readFileSync(manifest, 'utf8')) as Omit<Found, 'dir'>;
          found.set(name, { name: m.name, version: m.version, provides: m.provides, description: m.description ?? '', dir: join(nm, name) });
        } catch {
          // Not a readable manifest: not a plugin we can list.
        }
      }
    }
    if (dirname(d) === d) break;
  }
  const list = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  if (flags.json) process.stdout.write(`${JSON.stringify(list)}\n`);
  else if (list.length === 0) process.stdout.write('no datong plugins installed here\n');
  else for (const p of list) process.stdout.write(`${p.name}@${p.version}  ${p.provides.join('+').padEnd(12)} ${p.description}\n`);
  return ExitCode.ok;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

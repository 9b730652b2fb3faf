import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The SDK's built entry, for the `import` line of a test plugin's code. */
export const sdkEntry = JSON.stringify(fileURLToPath(new URL('../../../sdk/dist/index.js', import.meta.url)));

/**
 * Writes a plugin package into `<dir>/node_modules/<name>` as a user's project would have it:
 * `package.json`, the manifest `plugin.json` (a source and a sink with these config schemas) and
 * `index.js` (`code`), so the engine loads it through its real plugin loading.
 */
export function writePluginPackage(dir: string, name: string, configs: { source: object; sink: object }, code: string): void {
  const pkg = join(dir, 'node_modules', name);
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', exports: { '.': { import: './index.js' } } }));
  writeFileSync(join(pkg, 'plugin.json'), JSON.stringify({
    name, version: '1.0.0', provides: ['source', 'sink'], source: { config: configs.source }, sink: { config: configs.sink },
  }));
  writeFileSync(join(pkg, 'index.js'), code);
}

import { join, relative, sep } from 'node:path';
import type { CreatedPlugin } from './create-plugin.js';

/** What to do after scaffolding, printed by the command: install, build, test, then use it in a pipeline. */
export function nextSteps(created: CreatedPlugin, cwd: string): string {
  const { name, kind, workspace } = created;
  const fromCwd = relative(cwd, created.dir);
  // Up and over from where the user stands reads worse than the absolute path.
  const shown = fromCwd === '' ? '.' : fromCwd.startsWith('..') ? created.dir : fromCwd.split(sep).join('/');
  const lines = [`Created ${name.packageName} (a ${kind}) in ${shown}/`, ''];
  if (workspace && !workspace.listed) {
    const folder = relative(workspace.root, created.dir).split(sep).join('/');
    const file = join(relative(cwd, workspace.root), 'pnpm-workspace.yaml').split(sep).join('/');
    lines.push(`The folder is not a workspace package yet: add it to ${file} under packages:`, `  - ${folder}`, '');
  }
  const filter = `pnpm --filter ${name.packageName}`;
  lines.push(
    'Next:',
    workspace ? '  pnpm install' : `  cd ${shown} && pnpm install`,
    workspace ? `  ${filter} build` : '  pnpm build',
    workspace ? `  ${filter} test          # the contract kit, against the plugin's emulator` : '  pnpm test',
    '',
    'Then make it yours (README.md lists the order):',
    `  contracts/items.schema.json   the record ${kind === 'source' ? 'the platform returns' : 'the platform accepts'}`,
    '  contracts/config.schema.json  what a pipeline configures (secrets marked x-secret)',
    '  src/client.ts                 the platform\'s API: paths, auth, rate limits, errors',
    '  emulator/                     the platform as its documentation describes it, not as the client calls it',
    workspace ? '  pnpm codegen                  after changing contracts/: regenerates src/generated/' : '',
    '',
    workspace
      ? `Use it in a pipeline: add "${name.packageName}": "workspace:^" to the package.json beside the pipeline file (e.g. examples/package.json), then:`
      : `Use it in a pipeline: add ${name.packageName} to the package.json beside the pipeline file, then:`,
    `  ${kind}s:`,
    `    ${name.short}:`,
    `      plugin: "${name.packageName}"`,
    `      config: { apiKey: { env: ${name.constant}_API_KEY } }`,
    kind === 'source'
      ? `  stages:\n    - { name: items, from: [${name.short}.items], to: <sink>.<object> }`
      : `  stages:\n    - { name: items, from: [<source>.<stream>], to: ${name.short}.items }`,
    '',
    'Run its emulator by hand, from that folder (it prints the credentials it accepts):',
    `  pnpm datong emulate ${name.packageName.startsWith('@datong/plugin-') ? name.short : name.packageName} --from <that folder>`,
  );
  return lines.filter((line, i, all) => line !== '' || all[i - 1] !== '').join('\n');
}

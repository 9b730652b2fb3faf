import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { run } from './helpers/run.js';
import { packageRoot, workDir } from './helpers/work-dir.js';

const bin = join(packageRoot, 'dist/bin.js');
const cli = (args: string[], cwd: string) => run(process.execPath, [bin, ...args], { cwd, env: { INIT_CWD: cwd } });

t.test('it prints what to do next: install, build, test, and a pipeline using the plugin', async (t) => {
  const work = await workDir(t, 'cli');
  const result = await cli(['acme-crm', '--kind', 'sink', '--dir', 'plugins/acme-crm', '--title', 'Acme CRM'], work);
  t.equal(result.code, 0, result.stderr);
  t.ok(existsSync(join(work, 'plugins/acme-crm/plugin.json')), 'made the plugin where --dir says, relative to where the user is');
  t.match(result.stdout, 'Created @datong/plugin-acme-crm (a sink) in plugins/acme-crm/');
  t.match(result.stdout, /not a workspace package yet: add it to .*pnpm-workspace\.yaml under packages:\n  - tools\/create-plugin\/\.test-work\/.*\/plugins\/acme-crm\n/);
  t.match(result.stdout, /pnpm install\n\s+pnpm --filter @datong\/plugin-acme-crm build\n\s+pnpm --filter @datong\/plugin-acme-crm test/);
  t.match(result.stdout, /sinks:\n\s+acme-crm:\n\s+plugin: "@datong\/plugin-acme-crm"\n\s+config: \{ apiKey: \{ env: ACME_CRM_API_KEY \} \}/);
  t.match(result.stdout, 'add "@datong/plugin-acme-crm": "workspace:^" to the package.json beside the pipeline file');
  t.match(result.stdout, 'to: acme-crm.items');
  t.match(result.stdout, 'pnpm datong emulate acme-crm --from <that folder>');
});

t.test('a refusal is one clear line and exit code 2, with no stack trace', async (t) => {
  const work = await workDir(t, 'cli');
  await mkdir(join(work, 'taken'));
  await cli(['taken', '--kind', 'source', '--dir', 'taken'], work); // an empty folder is filled
  for (const [args, message] of [
    [['Acme CRM', '--kind', 'source'], /^create-plugin: "Acme CRM" cannot be a plugin name.*Did you mean "acme-crm"\?\n$/],
    [['taken', '--kind', 'source', '--dir', 'taken'], /^create-plugin: taken already exists and is not empty/],
    [['acme', '--kind', 'etl'], /^create-plugin: --kind must be one of source, sink \(got "etl"\)\n$/],
    [['acme'], /^create-plugin: say what the plugin is: --kind source or --kind sink\n\nUsage:/],
    [['--kind', 'source'], /^create-plugin: give the plugin a name\n\nUsage:/],
    [['acme', '--kind', 'source', '--force'], /^create-plugin: Unknown option '--force'/],
  ] as [string[], RegExp][]) {
    const result = await cli(args, work);
    t.equal(result.code, 2, `${args.join(' ')}: exit code 2`);
    t.match(result.stderr, message, `${args.join(' ')}: says why`);
    t.notMatch(result.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
  }
});

t.test('--help prints the usage', async (t) => {
  const result = await cli(['--help'], packageRoot);
  t.equal(result.code, 0);
  t.match(result.stdout, /^Usage: pnpm create-plugin <name> --kind source\|sink/);
});

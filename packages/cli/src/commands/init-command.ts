import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '@datong/sdk';
import { ExitCode } from '../exit-codes.js';

const templates = fileURLToPath(new URL('../../templates/init', import.meta.url));

/**
 * `datong init [dir]`: a new pipeline project — pipeline file with its `$schema`, mapping files, a
 * `.env` template and a package.json naming the plugins — ready to run against the emulators.
 */
export async function initCommand(dir: string | undefined, flags: { name?: string }): Promise<number> {
  const target = resolve(dir ?? process.cwd());
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new ConfigError([{ file: target, message: 'the folder is not empty: datong init only creates a new project (choose another folder)' }]);
  }
  const name = flags.name ?? basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    throw new ConfigError([{ pointer: '--name', message: `"${name}" is not a usable pipeline name: lowercase letters, digits and dashes` }]);
  }
  mkdirSync(target, { recursive: true });
  cpSync(templates, target, { recursive: true });
  // npm drops files named .gitignore from published packages; the template ships it without the dot.
  renameSync(join(target, 'gitignore'), join(target, '.gitignore'));
  for (const file of ['pipeline.yaml', '.env.example', 'README.md']) {
    const path = join(target, file);
    writeFileSync(path, readFileSync(path, 'utf8').replaceAll('__NAME__', name));
  }
  const pkg = {
    name, private: true, type: 'module',
    scripts: { validate: 'datong validate pipeline.yaml', check: 'datong check pipeline.yaml', sync: 'datong run pipeline.yaml' },
    dependencies: { '@datong/cli': '^0.1.0', '@datong/plugin-shopify': '^0.1.0', '@datong/plugin-hubspot': '^0.1.0' },
    devDependencies: { '@datong/schemas': '^0.1.0' },
  };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const where = relative(process.cwd(), target) || '.';
  process.stdout.write([
    `created ${where}/: pipeline.yaml, mappings/customer-to-contact.yaml, mappings/order-to-deal.yaml, .env.example, package.json, README.md`,
    'next:',
    `  cd ${where} && pnpm install`,
    '  datong emulate shopify --port 4701 --write-env .env & datong emulate hubspot --port 4702 --write-env .env &',
    '  datong validate pipeline.yaml && datong check pipeline.yaml && datong run pipeline.yaml',
    '',
  ].join('\n'));
  return ExitCode.ok;
}

import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generateAll } from '@datong/codegen';
import t from 'tap';
import { createPlugin } from '../src/create-plugin.js';
import { repoRoot, workDir } from './helpers/work-dir.js';

// A stand-in for the datong repository: what the scaffolder and codegen look at, nothing more.
async function fakeRepo(t: Parameters<typeof workDir>[0]): Promise<string> {
  const root = await workDir(t, 'repo');
  await writeFile(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - plugins/*\n');
  await mkdir(join(root, 'packages/sdk'), { recursive: true });
  await writeFile(join(root, 'packages/sdk/package.json'), JSON.stringify({ name: '@datong/sdk', version: '0.1.0' }));
  await copyFile(join(repoRoot, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  return root;
}

t.test('the committed types of a new plugin are exactly what pnpm codegen makes of its contracts', async (t) => {
  const root = await fakeRepo(t);
  const source = await createPlugin({ name: 'acme-shop', kind: 'source', cwd: root });
  const sink = await createPlugin({ name: 'ledger-hub', kind: 'sink', title: '账簿 Ledger Hub', cwd: root });
  t.equal(source.dir, join(root, 'plugins/acme-shop'), 'the default folder is plugins/<name>');
  t.equal(sink.workspace?.listed, true, 'pnpm-workspace.yaml lists it');

  const generated = await generateAll(root);
  t.same(generated.map((f) => relative(root, f.output)).sort(), [
    'plugins/acme-shop/src/generated/config.ts',
    'plugins/acme-shop/src/generated/items.ts',
    'plugins/ledger-hub/src/generated/config.ts',
    'plugins/ledger-hub/src/generated/items.ts',
  ]);
  for (const file of generated) {
    t.equal(await readFile(file.output, 'utf8'), file.text, `${relative(root, file.output)} is what codegen writes`);
  }
});

t.test('inside the datong repository a plugin uses the workspace SDK, base tsconfig and manifest schema', async (t) => {
  const root = await fakeRepo(t);
  const { dir } = await createPlugin({ name: 'acme-shop', kind: 'source', cwd: join(root, 'packages') });
  const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  t.equal(pkg.dependencies['@datong/sdk'], 'workspace:^');
  t.equal(JSON.parse(await readFile(join(dir, 'tsconfig.json'), 'utf8')).extends, '../../tsconfig.base.json');
  t.equal(JSON.parse(await readFile(join(dir, 'plugin.json'), 'utf8')).$schema, 'https://datong.dev/schemas/plugin-manifest.schema.json',
    'no schemas/ folder here: the manifest schema by its URL');
});
